// vector_player: replays a virtio-cosim test vector (hex form, vectors/FORMAT.md) against a DUT
// with the port contract of docs/dut-interface.md, in plain SystemVerilog. No Node at replay.
//
//   +vector=FILE   the $readmemh vector (required)
//   +watchdog=N    extra cycles allowed past the last record's window (default 20000; decimal, else refused)
//   +verbose       print every matched response
//
// Timing: rst is held for RESET_CYCLES rising edges; "cycle 0" is the first rising edge that
// samples rst = 0, and cycle n is n edges later (the vector's cycle numbering). A stimulus
// record is driven so its first beat is offered at the edge of its cycle at the earliest, and no
// sooner than `gap` cycles after the response it depends on (`after`) was seen. Responses are
// taken with every ready held at 1; a response's cycle is the cycle of its first beat.
// A response matches the oldest unmatched expected record of its ordering domain; fields,
// payload and then the cycle window are compared. The first difference prints FAIL and ends the
// run with $fatal; all records matched, then DRAIN_CYCLES quiet cycles, prints PASS and $finish.
module vector_player #(
  parameter int TLP_DATA_WIDTH = 64,
  parameter int MAX_WORDS      = 1 << 20,
  parameter int MAX_RECORDS    = 1 << 16,
  parameter int RESET_CYCLES   = 8,
  parameter int DRAIN_CYCLES   = 64
)(
  input wire clk
);
  localparam int TLP_STRB_WIDTH = TLP_DATA_WIDTH / 32;
  localparam int DPB = TLP_DATA_WIDTH / 32;   // payload DWs per beat
  localparam int AXIS_DATA_WIDTH = 64;        // the vector format fixes this (FORMAT.md)
  localparam logic [31:0] MAGIC = 32'h56435643;
  localparam int HDR_WORDS = 16;
  localparam int FIX = 12;                     // fixed words per record
  localparam int MAX_OBS = 4096;               // observed payload words (1024 DW TLP, 16 KiB frame)
  // Response channels (index into the per-channel tables) and their hex channel codes.
  localparam int CH_TX_CPL = 0, CH_TX_RD = 1, CH_TX_WR = 2, CH_M_AXIS = 3, CH_INTX = 4;
  localparam int NCH = 5;

  // ---------------------------------------------------------------- DUT
  logic rst = 1'b1;
  logic [TLP_DATA_WIDTH-1:0] rx_req_tlp_data = '0;
  logic [TLP_STRB_WIDTH-1:0] rx_req_tlp_strb = '0;
  logic [127:0] rx_req_tlp_hdr = '0;
  logic [2:0]   rx_req_tlp_bar_id = '0;
  logic rx_req_tlp_valid = 1'b0, rx_req_tlp_sop = 1'b0, rx_req_tlp_eop = 1'b0;
  wire  rx_req_tlp_ready;
  wire [TLP_DATA_WIDTH-1:0] tx_cpl_tlp_data;
  wire [TLP_STRB_WIDTH-1:0] tx_cpl_tlp_strb;
  wire [127:0] tx_cpl_tlp_hdr;
  wire tx_cpl_tlp_valid, tx_cpl_tlp_sop, tx_cpl_tlp_eop;
  wire [127:0] tx_rd_req_tlp_hdr;
  wire tx_rd_req_tlp_valid, tx_rd_req_tlp_sop, tx_rd_req_tlp_eop;
  wire [TLP_DATA_WIDTH-1:0] tx_wr_req_tlp_data;
  wire [TLP_STRB_WIDTH-1:0] tx_wr_req_tlp_strb;
  wire [127:0] tx_wr_req_tlp_hdr;
  wire tx_wr_req_tlp_valid, tx_wr_req_tlp_sop, tx_wr_req_tlp_eop;
  logic [TLP_DATA_WIDTH-1:0] rx_cpl_tlp_data = '0;
  logic [TLP_STRB_WIDTH-1:0] rx_cpl_tlp_strb = '0;
  logic [127:0] rx_cpl_tlp_hdr = '0;
  logic [3:0]   rx_cpl_tlp_error = '0;
  logic rx_cpl_tlp_valid = 1'b0, rx_cpl_tlp_sop = 1'b0, rx_cpl_tlp_eop = 1'b0;
  wire  rx_cpl_tlp_ready;
  wire [AXIS_DATA_WIDTH-1:0] m_axis_tx_tdata;
  wire [AXIS_DATA_WIDTH/8-1:0] m_axis_tx_tkeep;
  wire m_axis_tx_tvalid, m_axis_tx_tlast, m_axis_tx_tuser;
  logic [AXIS_DATA_WIDTH-1:0] s_axis_rx_tdata = '0;
  logic [AXIS_DATA_WIDTH/8-1:0] s_axis_rx_tkeep = '0;
  logic s_axis_rx_tvalid = 1'b0, s_axis_rx_tlast = 1'b0;
  wire  s_axis_rx_tready;
  wire  intx_level, status_needs_reset;

  virtio_net_pcie #(.TLP_DATA_WIDTH(TLP_DATA_WIDTH), .AXIS_DATA_WIDTH(AXIS_DATA_WIDTH)) dut (
    .clk(clk), .rst(rst),
    .rx_req_tlp_data(rx_req_tlp_data), .rx_req_tlp_strb(rx_req_tlp_strb), .rx_req_tlp_hdr(rx_req_tlp_hdr),
    .rx_req_tlp_bar_id(rx_req_tlp_bar_id), .rx_req_tlp_func_num(8'd0), .rx_req_tlp_valid(rx_req_tlp_valid),
    .rx_req_tlp_sop(rx_req_tlp_sop), .rx_req_tlp_eop(rx_req_tlp_eop), .rx_req_tlp_ready(rx_req_tlp_ready),
    .tx_cpl_tlp_data(tx_cpl_tlp_data), .tx_cpl_tlp_strb(tx_cpl_tlp_strb), .tx_cpl_tlp_hdr(tx_cpl_tlp_hdr),
    .tx_cpl_tlp_valid(tx_cpl_tlp_valid), .tx_cpl_tlp_sop(tx_cpl_tlp_sop), .tx_cpl_tlp_eop(tx_cpl_tlp_eop), .tx_cpl_tlp_ready(1'b1),
    .tx_rd_req_tlp_hdr(tx_rd_req_tlp_hdr), .tx_rd_req_tlp_valid(tx_rd_req_tlp_valid), .tx_rd_req_tlp_sop(tx_rd_req_tlp_sop),
    .tx_rd_req_tlp_eop(tx_rd_req_tlp_eop), .tx_rd_req_tlp_ready(1'b1),
    .tx_wr_req_tlp_data(tx_wr_req_tlp_data), .tx_wr_req_tlp_strb(tx_wr_req_tlp_strb), .tx_wr_req_tlp_hdr(tx_wr_req_tlp_hdr),
    .tx_wr_req_tlp_valid(tx_wr_req_tlp_valid), .tx_wr_req_tlp_sop(tx_wr_req_tlp_sop), .tx_wr_req_tlp_eop(tx_wr_req_tlp_eop), .tx_wr_req_tlp_ready(1'b1),
    .rx_cpl_tlp_data(rx_cpl_tlp_data), .rx_cpl_tlp_strb(rx_cpl_tlp_strb), .rx_cpl_tlp_hdr(rx_cpl_tlp_hdr), .rx_cpl_tlp_error(rx_cpl_tlp_error),
    .rx_cpl_tlp_valid(rx_cpl_tlp_valid), .rx_cpl_tlp_sop(rx_cpl_tlp_sop), .rx_cpl_tlp_eop(rx_cpl_tlp_eop), .rx_cpl_tlp_ready(rx_cpl_tlp_ready),
    .m_axis_tx_tdata(m_axis_tx_tdata), .m_axis_tx_tkeep(m_axis_tx_tkeep), .m_axis_tx_tvalid(m_axis_tx_tvalid), .m_axis_tx_tready(1'b1),
    .m_axis_tx_tlast(m_axis_tx_tlast), .m_axis_tx_tuser(m_axis_tx_tuser),
    .s_axis_rx_tdata(s_axis_rx_tdata), .s_axis_rx_tkeep(s_axis_rx_tkeep), .s_axis_rx_tvalid(s_axis_rx_tvalid), .s_axis_rx_tready(s_axis_rx_tready),
    .s_axis_rx_tlast(s_axis_rx_tlast), .s_axis_rx_tuser(1'b0),
    .intx_level(intx_level), .status_needs_reset(status_needs_reset)
  );

  // ---------------------------------------------------------------- the vector
  logic [31:0] mem [0:MAX_WORDS-1];
  int rec_off [0:MAX_RECORDS-1];
  int n_rec;
  // Per stimulus channel (0 rx_req, 1 rx_cpl, 2 s_axis_rx) and per response channel: record lists.
  int stim_list [0:2][0:MAX_RECORDS-1];
  int stim_n [0:2];
  int exp_list [0:NCH-1][0:MAX_RECORDS-1];
  int exp_n [0:NCH-1];
  bit matched [0:MAX_RECORDS-1];
  int obs_cycle [0:MAX_RECORDS-1];
  logic [7:0] obs_tag [0:MAX_RECORDS-1];
  int n_expect, n_matched;
  longint watchdog;
  bit verbose;

  function automatic logic [31:0] w(input int rec, input int k);
    return mem[rec_off[rec] + k];
  endfunction
  function automatic int rtype(input int rec);   return int'(w(rec, 0) >> 24); endfunction
  function automatic int rchan(input int rec);   return int'((w(rec, 0) >> 16) & 32'hff); endfunction
  function automatic int rdomain(input int rec); return int'((w(rec, 0) >> 8) & 32'hff); endfunction
  function automatic int rcycle(input int rec);  return int'(w(rec, 2)); endfunction
  function automatic int plen(input int rec);    return int'(w(rec, 11)); endfunction
  function automatic logic [127:0] rhdr(input int rec);
    return {w(rec, 7), w(rec, 8), w(rec, 9), w(rec, 10)};
  endfunction

  function automatic string chan_name(input int code);
    case (code)
      1: return "rx_req"; 2: return "rx_cpl"; 3: return "s_axis_rx"; 4: return "tx_cpl";
      5: return "tx_rd_req"; 6: return "tx_wr_req"; 7: return "m_axis_tx"; 8: return "intx";
      default: return "?";
    endcase
  endfunction

  initial begin
    string file;
    int p, words, code;
    verbose = $test$plusargs("verbose");
    if (!$value$plusargs("vector=%s", file)) $fatal(1, "vector_player: +vector=FILE is required");
    for (int i = 0; i < MAX_WORDS; i++) mem[i] = 32'hffff_ffff;
    $readmemh(file, mem);
    if (mem[0] != MAGIC) $fatal(1, "FAIL vector %s: word 0 (magic) is %h, not %h", file, mem[0], MAGIC);
    if (mem[1] != 32'd1) $fatal(1, "FAIL vector %s: word 1 (version) is %0d, this player reads version 1", file, mem[1]);
    if (mem[2] != TLP_DATA_WIDTH) $fatal(1, "FAIL vector %s: word 2 (TLP_DATA_WIDTH) is %0d but the player was built for %0d", file, mem[2], TLP_DATA_WIDTH);
    n_rec = int'(mem[8]);
    words = int'(mem[9]);
    if (n_rec > MAX_RECORDS || words > MAX_WORDS) $fatal(1, "FAIL vector %s: %0d records / %0d words exceed MAX_RECORDS %0d / MAX_WORDS %0d", file, n_rec, words, MAX_RECORDS, MAX_WORDS);
    for (int c = 0; c < 3; c++) stim_n[c] = 0;
    for (int c = 0; c < NCH; c++) exp_n[c] = 0;
    p = HDR_WORDS;
    n_expect = 0;
    watchdog = 0;
    for (int i = 0; i < n_rec; i++) begin
      // Words past the end of the file keep the all-ones fill: the file was cut short.
      if (mem[p] == 32'hffff_ffff)
        $fatal(1, "FAIL vector %s: no end record at word %0d (truncated?): the file ends before the %0d words its header declares", file, p, words);
      if (p + FIX > words || mem[p + 1] < FIX || p + int'(mem[p + 1]) > words)
        $fatal(1, "FAIL vector %s: record %0d at word %0d runs past the %0d words the header declares (truncated?)", file, i, p, words);
      rec_off[i] = p;
      matched[i] = 0;
      code = int'((mem[p] >> 16) & 32'hff);
      if ((mem[p] >> 24) == 32'h01 && code >= 1 && code <= 3) begin
        stim_list[code - 1][stim_n[code - 1]] = i;
        stim_n[code - 1]++;
      end else if ((mem[p] >> 24) == 32'h02 && code >= 4 && code <= 8) begin
        exp_list[code - 4][exp_n[code - 4]] = i;
        exp_n[code - 4]++;
        n_expect++;
        if (longint'(mem[p + 4]) > watchdog) watchdog = longint'(mem[p + 4]);
      end else $fatal(1, "FAIL vector %s: record %0d at word %0d has type/channel word %h", file, i, p, mem[p]);
      p += int'(mem[p + 1]);
    end
    if (p + 2 != words || mem[p] != 32'hff00_0000) $fatal(1, "FAIL vector %s: no end record at word %0d (truncated?)", file, p);
    begin
      int extra;
      string text;
      extra = 20000;
      // +watchdog=N: decimal cycles only; anything else is refused rather than read as 0.
      if ($value$plusargs("watchdog=%s", text)) begin
        if (text.len() == 0 || text.len() > 9) $fatal(1, "vector_player: +watchdog=%s is not a number of cycles (1 to 9 decimal digits)", text);
        for (int k = 0; k < text.len(); k++)
          if (text[k] < "0" || text[k] > "9") $fatal(1, "vector_player: +watchdog=%s is not a number of cycles (1 to 9 decimal digits)", text);
        extra = text.atoi();
      end
      if (n_rec > 0) watchdog += longint'(rcycle(n_rec - 1)) + longint'(extra);
      else watchdog = longint'(extra);
    end
    $display("vector_player: %s: %0d records (%0d rx_req, %0d rx_cpl, %0d s_axis_rx, %0d expected), TLP_DATA_WIDTH %0d, watchdog at cycle %0d",
             file, n_rec, stim_n[0], stim_n[1], stim_n[2], n_expect, TLP_DATA_WIDTH, watchdog);
  end

  // ---------------------------------------------------------------- helpers
  int cyc = 0;
  int rst_cnt = 0;

  function automatic bit released(input int rec, input int next_cycle);
    int after;
    if (next_cycle < rcycle(rec)) return 0;
    if ((w(rec, 0) & 32'h1) == 0) return 1;
    after = int'(w(rec, 3));
    return matched[after] && next_cycle >= obs_cycle[after] + int'(w(rec, 4));
  endfunction

  // Number of beats of a TLP record (payload DWs per docs/dut-interface.md) or frame record.
  function automatic int tlp_beats(input int rec);
    return plen(rec) == 0 ? 1 : (plen(rec) + DPB - 1) / DPB;
  endfunction
  function automatic logic [TLP_DATA_WIDTH-1:0] tlp_data(input int rec, input int beat);
    logic [TLP_DATA_WIDTH-1:0] d = '0;
    for (int i = 0; i < DPB; i++)
      if (beat * DPB + i < plen(rec)) d[32*i +: 32] = w(rec, FIX + beat * DPB + i);
    return d;
  endfunction
  function automatic logic [TLP_STRB_WIDTH-1:0] tlp_strb(input int rec, input int beat);
    logic [TLP_STRB_WIDTH-1:0] s = '0;
    for (int i = 0; i < DPB; i++) if (beat * DPB + i < plen(rec)) s[i] = 1'b1;
    return s;
  endfunction
  function automatic logic [63:0] frame_data(input int rec, input int beat);
    return {w(rec, FIX + 2 * beat + 1), w(rec, FIX + 2 * beat)};
  endfunction
  function automatic logic [7:0] frame_keep(input int rec, input int beat);
    logic [7:0] k = '0;
    for (int i = 0; i < 8; i++) if (beat * 8 + i < plen(rec)) k[i] = 1'b1;
    return k;
  endfunction

  // ---------------------------------------------------------------- observed responses
  logic [127:0] obs_hdr [0:NCH-1];
  int obs_start [0:NCH-1];
  // first-beat cycle of a multi-beat TLP / frame still arriving (-1: none): a window that closes
  // while its response is arriving is judged by that first beat when the last one is in
  int obs_open [0:NCH-1] = '{default: -1};
  int obs_len [0:NCH-1];            // DWs (TLP) or bytes (frame)
  logic [31:0] obs_buf [0:NCH-1][0:MAX_OBS-1];
  bit obs_level;
  logic prev_intx = 1'b0;

  function automatic string hexs(input logic [63:0] v);
    return $sformatf("0x%0h", v);
  endfunction

  // First header field that differs, named as in docs/dut-interface.md; "" if none.
  function automatic string hdr_diff(input logic [127:0] e, input logic [127:0] g, input bit skip_tag);
    bit is_cpl = e[124:120] == 5'b01010;
    bit four = e[125];
    if (e[127:125] != g[127:125]) return {"\"fmt\": expected ", hexs(64'(e[127:125])), ", got ", hexs(64'(g[127:125]))};
    if (e[124:120] != g[124:120]) return {"\"type\": expected ", hexs(64'(e[124:120])), ", got ", hexs(64'(g[124:120]))};
    if (e[118:116] != g[118:116]) return {"\"tc\": expected ", hexs(64'(e[118:116])), ", got ", hexs(64'(g[118:116]))};
    if (e[111] != g[111]) return {"\"td\": expected ", hexs(64'(e[111])), ", got ", hexs(64'(g[111]))};
    if (e[110] != g[110]) return {"\"ep\": expected ", hexs(64'(e[110])), ", got ", hexs(64'(g[110]))};
    if (e[109:108] != g[109:108]) return {"\"attr\": expected ", hexs(64'(e[109:108])), ", got ", hexs(64'(g[109:108]))};
    if (e[105:96] != g[105:96]) return {"\"length\": expected ", hexs(64'(e[105:96])), ", got ", hexs(64'(g[105:96]))};
    if (is_cpl) begin
      if (e[95:80] != g[95:80]) return {"\"completerId\": expected ", hexs(64'(e[95:80])), ", got ", hexs(64'(g[95:80]))};
      if (e[79:77] != g[79:77]) return {"\"status\": expected ", hexs(64'(e[79:77])), ", got ", hexs(64'(g[79:77]))};
      if (e[76] != g[76]) return {"\"bcm\": expected ", hexs(64'(e[76])), ", got ", hexs(64'(g[76]))};
      if (e[75:64] != g[75:64]) return {"\"byteCount\": expected ", hexs(64'(e[75:64])), ", got ", hexs(64'(g[75:64]))};
      if (e[63:48] != g[63:48]) return {"\"requesterId\": expected ", hexs(64'(e[63:48])), ", got ", hexs(64'(g[63:48]))};
      if (e[47:40] != g[47:40]) return {"\"tag\": expected ", hexs(64'(e[47:40])), ", got ", hexs(64'(g[47:40]))};
      if (e[38:32] != g[38:32]) return {"\"lowerAddress\": expected ", hexs(64'(e[38:32])), ", got ", hexs(64'(g[38:32]))};
    end else begin
      if (e[95:80] != g[95:80]) return {"\"requesterId\": expected ", hexs(64'(e[95:80])), ", got ", hexs(64'(g[95:80]))};
      if (!skip_tag && e[79:72] != g[79:72]) return {"\"tag\": expected ", hexs(64'(e[79:72])), ", got ", hexs(64'(g[79:72]))};
      if (e[71:68] != g[71:68]) return {"\"lastBe\": expected ", hexs(64'(e[71:68])), ", got ", hexs(64'(g[71:68]))};
      if (e[67:64] != g[67:64]) return {"\"firstBe\": expected ", hexs(64'(e[67:64])), ", got ", hexs(64'(g[67:64]))};
      if (four && e[63:0] != g[63:0]) return {"\"address\": expected ", hexs({e[63:2], 2'b00}), ", got ", hexs({g[63:2], 2'b00})};
      if (!four && e[63:32] != g[63:32]) return {"\"address\": expected ", hexs(64'({e[63:34], 2'b00})), ", got ", hexs(64'({g[63:34], 2'b00}))};
    end
    if (skip_tag) begin
      e[79:72] = 8'h00;
      g[79:72] = 8'h00;
    end
    if (e != g) return {"\"hdr\": expected ", $sformatf("0x%032h", e), ", got ", $sformatf("0x%032h", g)};
    return "";
  endfunction

  // First difference between response channel `ch`'s observation and record `rec`; "" if none.
  function automatic string content_diff(input int ch, input int rec);
    string d;
    if (ch == CH_INTX) begin
      logic [31:0] lv = w(rec, 6);
      if (obs_level != lv[0]) return $sformatf("\"level\": expected %0d, got %0d", lv[0], obs_level);
      return "";
    end
    if (ch == CH_M_AXIS) begin
      if (obs_len[ch] != plen(rec)) return $sformatf("\"frame length\": expected %0d, got %0d", plen(rec), obs_len[ch]);
      for (int i = 0; i < (plen(rec) + 3) / 4; i++)
        for (int b = 0; b < 4; b++)
          if (i * 4 + b < plen(rec) && obs_buf[ch][i][8*b +: 8] != 8'(w(rec, FIX + i) >> (8 * b)))
            return $sformatf("\"frame[%0d]\": expected 0x%02h, got 0x%02h", i * 4 + b, 8'(w(rec, FIX + i) >> (8 * b)), obs_buf[ch][i][8*b +: 8]);
      return "";
    end
    d = hdr_diff(rhdr(rec), obs_hdr[ch], (w(rec, 0) & 32'h2) != 0);
    if (d != "") return d;
    if (obs_len[ch] != plen(rec)) return $sformatf("\"payload DWs\": expected %0d, got %0d", plen(rec), obs_len[ch]);
    for (int i = 0; i < plen(rec); i++)
      if (obs_buf[ch][i] != w(rec, FIX + i)) return $sformatf("\"data[%0d]\": expected 0x%08h, got 0x%08h", i, w(rec, FIX + i), obs_buf[ch][i]);
    return "";
  endfunction

  bit failed = 1'b0;
  // Only the first mismatch is reported; the run ends at the end of this clock edge.
  function automatic void fail(input string msg);
    if (failed) return;
    failed = 1'b1;
    $display("FAIL %s", msg);
    $fatal(1, "vector_player: FAIL");
  endfunction

  // A whole response arrived on channel `ch`: match it in its ordering domain.
  function automatic void observe(input int ch);
    bit [255:0] seen = '0;
    int first = -1, found = -1, r, d;
    string diff, first_diff;
    first_diff = "";
    for (int k = 0; k < exp_n[ch]; k++) begin
      r = exp_list[ch][k];
      if (matched[r]) continue;
      d = rdomain(r);
      if (seen[d]) continue;
      seen[d] = 1'b1;
      diff = content_diff(ch, r);
      if (first < 0) begin
        first = r;
        first_diff = diff;
      end
      if (diff == "") begin
        found = r;
        break;
      end
    end
    if (first < 0) fail($sformatf("unexpected %s response at cycle %0d: every expected %s record is already matched",
                                  chan_name(ch + 4), obs_start[ch], chan_name(ch + 4)));
    if (found < 0) fail($sformatf("record %0d (expect %s, predicted cycle %0d): field %s at cycle %0d",
                                  first, chan_name(ch + 4), rcycle(first), first_diff, obs_start[ch]));
    if (obs_start[ch] < int'(w(found, 3)) || obs_start[ch] > int'(w(found, 4)))
      fail($sformatf("record %0d (expect %s, predicted cycle %0d): field \"cycle\": expected in [%0d, %0d], got %0d",
                     found, chan_name(ch + 4), rcycle(found), w(found, 3), w(found, 4), obs_start[ch]));
    matched[found] = 1'b1;
    obs_cycle[found] = obs_start[ch];
    obs_tag[found] = obs_hdr[ch][79:72];
    n_matched++;
    if (verbose) $display("cycle %0d: record %0d %s matched (predicted %0d)", obs_start[ch], found, chan_name(ch + 4), rcycle(found));
  endfunction

  // ---------------------------------------------------------------- stimulus state
  int sp [0:2];          // next record position in stim_list per stimulus channel
  int sbeat [0:2];       // beat of the record being driven
  bit sbusy [0:2];
  int quiet = 0;
  initial begin
    for (int c = 0; c < 3; c++) begin
      sp[c] = 0; sbeat[c] = 0; sbusy[c] = 0;
    end
    n_matched = 0;
  end

  // rx_cpl: completions for different reads may be returned in any order (PCIe r6.0 §2.4.1,
  // Table 2-40: a completion may pass a completion with a different Transaction ID), so the
  // player offers the oldest released completion whose read the DUT has issued, not strictly the
  // next one in file order; completions of one read keep their file (address) order. A design
  // that serves virtqueues in another interleaving than the model would otherwise deadlock.
  bit ssent [0:MAX_RECORDS-1];   // rx_cpl stim_list positions already driven
  int spick = 0;                 // rx_cpl stim_list position being driven
  localparam int CPL_LOOKAHEAD = 64;
  function automatic int cur(input int c);
    return c == 1 ? stim_list[1][spick] : stim_list[c][sp[c]];
  endfunction
  function automatic int pick_cpl(input int next_cycle);
    for (int k = sp[1]; k < stim_n[1] && k < sp[1] + CPL_LOOKAHEAD; k++) begin
      bit older_same_read;
      if (ssent[k]) continue;
      older_same_read = 0;
      for (int j = sp[1]; j < k; j++)
        if (!ssent[j] && w(stim_list[1][j], 3) == w(stim_list[1][k], 3)) older_same_read = 1;
      if (!older_same_read && released(stim_list[1][k], next_cycle)) return k;
    end
    return -1;
  endfunction

  // ---------------------------------------------------------------- the clock
  always @(posedge clk) begin
    if (rst_cnt < RESET_CYCLES) begin
      rst_cnt <= rst_cnt + 1;
      if (rst_cnt == RESET_CYCLES - 1) rst <= 1'b0;
    end else begin
      // ---- responses handshaken at this edge (cycle `cyc`)
      if (tx_cpl_tlp_valid) begin
        if (tx_cpl_tlp_sop) begin obs_hdr[CH_TX_CPL] = tx_cpl_tlp_hdr; obs_start[CH_TX_CPL] = cyc; obs_len[CH_TX_CPL] = 0; end
        obs_open[CH_TX_CPL] = tx_cpl_tlp_eop ? -1 : obs_start[CH_TX_CPL];
        for (int i = 0; i < DPB; i++) if (tx_cpl_tlp_strb[i] && obs_len[CH_TX_CPL] < MAX_OBS) begin
          obs_buf[CH_TX_CPL][obs_len[CH_TX_CPL]] = tx_cpl_tlp_data[32*i +: 32]; obs_len[CH_TX_CPL]++;
        end
        if (tx_cpl_tlp_eop) observe(CH_TX_CPL);
      end
      if (tx_rd_req_tlp_valid) begin
        obs_hdr[CH_TX_RD] = tx_rd_req_tlp_hdr; obs_start[CH_TX_RD] = cyc; obs_len[CH_TX_RD] = 0;
        observe(CH_TX_RD);
      end
      if (tx_wr_req_tlp_valid) begin
        if (tx_wr_req_tlp_sop) begin obs_hdr[CH_TX_WR] = tx_wr_req_tlp_hdr; obs_start[CH_TX_WR] = cyc; obs_len[CH_TX_WR] = 0; end
        obs_open[CH_TX_WR] = tx_wr_req_tlp_eop ? -1 : obs_start[CH_TX_WR];
        for (int i = 0; i < DPB; i++) if (tx_wr_req_tlp_strb[i] && obs_len[CH_TX_WR] < MAX_OBS) begin
          obs_buf[CH_TX_WR][obs_len[CH_TX_WR]] = tx_wr_req_tlp_data[32*i +: 32]; obs_len[CH_TX_WR]++;
        end
        if (tx_wr_req_tlp_eop) observe(CH_TX_WR);
      end
      if (m_axis_tx_tvalid) begin
        if (obs_len[CH_M_AXIS] < 0) begin obs_start[CH_M_AXIS] = cyc; obs_len[CH_M_AXIS] = 0; end
        for (int b = 0; b < 8; b++) if (m_axis_tx_tkeep[b] && obs_len[CH_M_AXIS] < MAX_OBS * 4) begin
          obs_buf[CH_M_AXIS][obs_len[CH_M_AXIS] / 4][8*(obs_len[CH_M_AXIS] % 4) +: 8] = m_axis_tx_tdata[8*b +: 8];
          obs_len[CH_M_AXIS]++;
        end
        obs_open[CH_M_AXIS] = m_axis_tx_tlast ? -1 : obs_start[CH_M_AXIS];
        if (m_axis_tx_tlast) begin observe(CH_M_AXIS); obs_len[CH_M_AXIS] = -1; end
      end
      if (intx_level != prev_intx) begin
        prev_intx <= intx_level;
        obs_level = intx_level; obs_start[CH_INTX] = cyc; obs_len[CH_INTX] = 0;
        observe(CH_INTX);
      end

      // ---- windows that have closed
      for (int c = 0; c < NCH; c++)
        for (int k = 0; k < exp_n[c]; k++) begin
          int r;
          r = exp_list[c][k];
          if (matched[r]) continue;
          if (cyc > int'(w(r, 4)) && !(obs_open[c] >= 0 && obs_open[c] <= int'(w(r, 4))))
            fail($sformatf("record %0d (expect %s, predicted cycle %0d): field \"cycle\": expected in [%0d, %0d], got nothing by cycle %0d",
                           r, chan_name(c + 4), rcycle(r), w(r, 3), w(r, 4), cyc));
          break;  // records of a channel close in order; the oldest open one is enough
        end
      if (longint'(cyc) > watchdog)
        fail($sformatf("watchdog: cycle %0d reached with %0d of %0d responses matched and stimulus at %0d/%0d rx_req, %0d/%0d rx_cpl, %0d/%0d s_axis_rx",
                       cyc, n_matched, n_expect, sp[0], stim_n[0], sp[1], stim_n[1], sp[2], stim_n[2]));

      // ---- stimulus: finish the handshaken beat, then offer the next one for cycle cyc+1
      // rx_req (0) and rx_cpl (1): TLP channels.
      for (int c = 0; c < 2; c++) begin
        bit hs;
        hs = c == 0 ? (rx_req_tlp_valid && rx_req_tlp_ready) : (rx_cpl_tlp_valid && rx_cpl_tlp_ready);
        if (sbusy[c] && hs) begin
          if (sbeat[c] == tlp_beats(cur(c)) - 1) begin
            sbusy[c] = 0;
            if (c == 1) begin
              ssent[spick] = 1;
              while (sp[1] < stim_n[1] && ssent[sp[1]]) sp[1]++;
            end else sp[c]++;
          end
          else sbeat[c]++;
        end
        if (c == 1) begin
          if (!sbusy[1] && sp[1] < stim_n[1]) begin
            int k;
            k = pick_cpl(cyc + 1);
            if (k >= 0) begin spick = k; sbusy[1] = 1; sbeat[1] = 0; end
          end
        end else if (!sbusy[c] && sp[c] < stim_n[c] && released(cur(c), cyc + 1)) begin
          sbusy[c] = 1; sbeat[c] = 0;
        end
        if (sbusy[c]) begin
          int r;
          logic [127:0] h;
          r = cur(c);
          h = rhdr(r);
          if (c == 1 && (w(r, 0) & 32'h2) != 0) h[47:40] = obs_tag[int'(w(r, 3))];
          if (c == 0) begin
            rx_req_tlp_hdr <= h; rx_req_tlp_data <= tlp_data(r, sbeat[c]); rx_req_tlp_strb <= tlp_strb(r, sbeat[c]);
            rx_req_tlp_sop <= sbeat[c] == 0; rx_req_tlp_eop <= sbeat[c] == tlp_beats(r) - 1; rx_req_tlp_valid <= 1'b1;
            rx_req_tlp_bar_id <= 3'(w(r, 6));
          end else begin
            rx_cpl_tlp_hdr <= h; rx_cpl_tlp_data <= tlp_data(r, sbeat[c]); rx_cpl_tlp_strb <= tlp_strb(r, sbeat[c]);
            rx_cpl_tlp_sop <= sbeat[c] == 0; rx_cpl_tlp_eop <= sbeat[c] == tlp_beats(r) - 1; rx_cpl_tlp_valid <= 1'b1;
            rx_cpl_tlp_error <= 4'(w(r, 6));
          end
        end else if (c == 0) rx_req_tlp_valid <= 1'b0;
        else rx_cpl_tlp_valid <= 1'b0;
      end
      // s_axis_rx (2): 8 bytes per beat.
      if (sbusy[2] && s_axis_rx_tvalid && s_axis_rx_tready) begin
        if (sbeat[2] == (plen(cur(2)) + 7) / 8 - 1) begin sbusy[2] = 0; sp[2]++; end
        else sbeat[2]++;
      end
      if (!sbusy[2] && sp[2] < stim_n[2] && released(cur(2), cyc + 1)) begin
        sbusy[2] = 1; sbeat[2] = 0;
      end
      if (sbusy[2]) begin
        s_axis_rx_tdata <= frame_data(cur(2), sbeat[2]); s_axis_rx_tkeep <= frame_keep(cur(2), sbeat[2]);
        s_axis_rx_tlast <= sbeat[2] == (plen(cur(2)) + 7) / 8 - 1; s_axis_rx_tvalid <= 1'b1;
      end else s_axis_rx_tvalid <= 1'b0;

      // ---- done?
      if (n_matched == n_expect && sp[0] == stim_n[0] && sp[1] == stim_n[1] && sp[2] == stim_n[2]) begin
        quiet++;
        if (quiet >= DRAIN_CYCLES && !failed) begin
          $display("PASS: %0d stimulus records driven, %0d responses matched, last cycle %0d", stim_n[0] + stim_n[1] + stim_n[2], n_matched, cyc);
          $finish;
        end
      end
      cyc++;
    end
  end

  initial obs_len[CH_M_AXIS] = -1;
endmodule
