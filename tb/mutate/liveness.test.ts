// Static equivalence through module ports (tb/mutate/liveness.ts), seen through findSites: a
// change is equivalent when its signal reaches no compared output of the top, followed through
// named port connections; anything the analysis cannot follow stays observable.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSites, type Site } from './operators.js';

// A child with a statistic and a reason code beside its real output; a middle module passing them up.
const CHILD = `module child (input logic clk, input logic rst, input logic ev, output logic [7:0] reason, output logic [31:0] count, output logic q);
  always_ff @(posedge clk) begin
    if (rst) begin
      count <= 32'd0; reason <= 8'd0; q <= 1'b0;
    end else if (ev) begin
      count <= count + 32'd1;
      reason <= 8'd5;
      q <= ~q;
    end
  end
endmodule
`;
const MID = `module mid (input logic clk, input logic rst, input logic ev, output logic [7:0] reason, output logic [31:0] count, output logic q);
  child u_c (.clk(clk), .rst(rst), .ev(ev), .reason(reason), .count(count), .q(q));
endmodule
`;
const top = (extra: string, conn = '.reason(reason), .count(count), .q(q)'): string => `module top (input logic clk, input logic rst, input logic ev, output logic q, output logic dbg);
  logic [7:0] reason;
  logic [31:0] count;
  wire unused = |{reason, count};
  mid u_m (.clk(clk), .rst(rst), .ev(ev), ${conn});
${extra}
endmodule
`;

function childSites(topText: string, mid = MID): Site[] {
  // Parents before children: a connection is followed whatever the file order.
  return findSites([{ file: 'top.sv', text: topText }, { file: 'mid.sv', text: mid }, { file: 'child.sv', text: CHILD }]).filter((s) => s.file === 'child.sv');
}
const onLine = (sites: Site[], line: number): Site[] => sites.filter((s) => s.line === line);

describe('equivalence followed through module ports', () => {
  it('an output that reaches only a lint waiver two levels up is unobservable; the real output is not', () => {
    const sites = childSites(top('  assign dbg = 1\'b0;'));
    expect(onLine(sites, 6).length).toBeGreaterThan(0); // count <= count + 1
    for (const s of [...onLine(sites, 6), ...onLine(sites, 7)]) {
      expect(s.equivalent, `${s.line} ${s.original}`).toMatch(/only changes (count|reason), whose value ends only in top\.unused/);
    }
    // q is a port of the top; the condition ev decides q as well as the statistics.
    for (const s of onLine(sites, 8)) expect(s.equivalent).toBeUndefined();
    for (const s of onLine(sites, 5)) expect(s.equivalent).toBeUndefined();
    // The reset line assigns the statistics and q: its per-assignment sites follow their own lvalue.
    const reset = onLine(sites, 4);
    expect(reset.filter((s) => s.equivalent).length).toBeGreaterThan(0);
    expect(reset.filter((s) => s.original.includes("1'b0") || s.original === "q <= 1'b0;").every((s) => !s.equivalent)).toBe(true);
  });

  it('a statistic any compared output reads (in any instance, at any level) is observable', () => {
    for (const extra of ['  assign dbg = count[3];', '  assign dbg = reason == 8\'d5;', '  always_ff @(posedge clk) dbg <= (count > 32\'d2) ? 1\'b1 : 1\'b0;']) {
      const sites = childSites(top(extra));
      for (const s of [...onLine(sites, 6), ...onLine(sites, 7)]) {
        if (extra.includes('count') && s.line === 6) expect(s.equivalent, extra).toBeUndefined();
        if (extra.includes('reason') && s.line === 7) expect(s.equivalent, extra).toBeUndefined();
      }
    }
    // A condition reading the statistic makes it live even though the decided output is elsewhere.
    const viaCondition = childSites(top('  always_ff @(posedge clk) if (count == 32\'d9) dbg <= 1\'b1;'));
    for (const s of onLine(viaCondition, 6)) expect(s.equivalent).toBeUndefined();
  });

  it('a condition feeds only the assignments under it (if, case labels), not the rest of its block', () => {
    const extra = `  logic [3:0] seen;
  wire unused2 = |seen;
  always_ff @(posedge clk) begin
    if (count[0]) seen <= seen + 4'd1;
    case (reason)
      8'd5: seen <= 4'd0;
      default: ;
    endcase
    dbg <= ev;
  end`;
    const sites = childSites(top(extra));
    for (const s of [...onLine(sites, 6), ...onLine(sites, 7)]) expect(s.equivalent, `${s.line} ${s.original}`).toBeDefined();
    // The same condition over the live dbg makes count live.
    const live = childSites(top(extra.replace('dbg <= ev;', 'if (count[1]) dbg <= ev;')));
    for (const s of onLine(live, 6)) expect(s.equivalent).toBeUndefined();
  });

  it('what it cannot follow stays observable: positional and .* connections, inout, unknown modules, hierarchical references', () => {
    const positional = MID.replace('.clk(clk), .rst(rst), .ev(ev), .reason(reason), .count(count), .q(q)', 'clk, rst, ev, reason, count, q');
    const wildcard = MID.replace('.clk(clk), .rst(rst), .ev(ev), .reason(reason), .count(count), .q(q)', '.*');
    for (const mid of [positional, wildcard]) {
      const sites = childSites(top('  assign dbg = 1\'b0;'), mid);
      expect(onLine(sites, 6).length).toBeGreaterThan(0);
      for (const s of onLine(sites, 6)) expect(s.equivalent).toBeUndefined();
    }
    const hier = childSites(top('  assign dbg = u_m.count[0];'));
    for (const s of onLine(hier, 6)) expect(s.equivalent).toBeUndefined();
    const unknown = childSites(top('  other_ip u_o (.a(count));'));
    for (const s of onLine(unknown, 6)) expect(s.equivalent).toBeUndefined();
  });

  it('a module nobody instantiates is a top: its outputs are observed, except those the DUT interface does not compare', () => {
    const alone = findSites([{ file: 'child.sv', text: CHILD }]);
    expect(alone.some((s) => s.equivalent)).toBe(false);
    const status = findSites([{ file: 'child.sv', text: CHILD }, {
      file: 't.sv', text: 'module t (input logic clk, input logic rst, input logic ev, output logic q, output logic status_needs_reset);\n'
        + '  logic [7:0] r; logic [31:0] c;\n  child u (.clk(clk), .rst(rst), .ev(ev), .reason(r), .count(c), .q(q));\n  assign status_needs_reset = r[0];\nendmodule\n',
    }]).filter((s) => s.file === 'child.sv' && s.line === 7);
    expect(status.length).toBeGreaterThan(0);
    for (const s of status) expect(s.equivalent).toContain('status_needs_reset');
  });

  it('the reference RTL: the reason code and the statistics are equivalent, nothing the ports show is', () => {
    const rtl = path.resolve(import.meta.dirname, '..', '..', 'rtl');
    const files = readdirSync(rtl).filter((f) => f.endsWith('.sv')).map((f) => ({ file: path.join(rtl, f), text: readFileSync(path.join(rtl, f), 'utf8') }));
    const eq = findSites(files).filter((s) => s.equivalent && s.file.endsWith('vq_engine.sv'));
    const names = new Set(eq.map((s) => /only changes (?:the value of )?(\w+)/.exec(s.equivalent!)?.[1]));
    for (const n of ['needs_reset_reason', 'rx_drop_count', 'tx_frame_count', 'rx_frame_count']) expect(names.has(n), n).toBe(true);
    for (const n of ['needs_reset', 'irq_valid', 'st', 'rd_req_valid']) expect(names.has(n), n).toBe(false);
  });
});
