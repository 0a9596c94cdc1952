// virtio_irq: routes the device's interrupt causes (virtio §4.1.5.3, §4.1.5.4; model/function
// raiseQueueInterrupt / raiseConfigInterrupt):
//  - used-buffer interrupt for queue q: MSI-X enabled -> event on queue_msix_vector[q]
//    (nothing if 0xFFFF); MSI-X disabled -> ISR bit 0;
//  - configuration change: ISR bit 1 always; MSI-X enabled -> event on config_msix_vector.
// Vectors are stored already range-checked by virtio_common_cfg (< MSIX_VECTORS or 0xFFFF).
module virtio_irq #(
  parameter NUM_QUEUES = 3
)(
  input  wire                      irq_valid,        // datapath: used-buffer interrupt request
  input  wire [15:0]               irq_qid,
  output wire                      irq_ready,
  input  wire                      config_irq,       // configuration change notification due

  input  wire                      msix_enable,
  input  wire [15:0]               config_msix_vector,
  input  wire [NUM_QUEUES*16-1:0]  queue_msix_vector,

  output wire                      isr_set_queue,
  output wire                      isr_set_config,
  output wire                      ev_queue_valid,
  output wire [10:0]               ev_queue_vector,
  output wire                      ev_config_valid,
  output wire [10:0]               ev_config_vector
);
  reg [15:0] qvec;
  integer q;
  always @* begin
    qvec = virtio_pkg::VIRTIO_MSI_NO_VECTOR;
    for (q = 0; q < NUM_QUEUES; q = q + 1)
      if ({16'd0, irq_qid} == q) qvec = queue_msix_vector[q*16 +: 16];
  end

  assign irq_ready        = 1'b1;   // a request only sets a bit: always accepted
  assign isr_set_queue    = irq_valid && !msix_enable;
  assign isr_set_config   = config_irq;
  assign ev_queue_valid   = irq_valid && msix_enable && (qvec != virtio_pkg::VIRTIO_MSI_NO_VECTOR);
  assign ev_queue_vector  = qvec[10:0];
  assign ev_config_valid  = config_irq && msix_enable && (config_msix_vector != virtio_pkg::VIRTIO_MSI_NO_VECTOR);
  assign ev_config_vector = config_msix_vector[10:0];

  /* verilator lint_off UNUSEDSIGNAL */
  // vector bits above 10 are 0 or the 0xFFFF marker (checked above)
  wire unused_hi = |{qvec[15:11], config_msix_vector[15:11]};
  /* verilator lint_on UNUSEDSIGNAL */

endmodule
