// Public surface of the simulator client (importable from tb/ and scripts/ only; never model/).
export { startSimulator, attach, Simulator } from './simulator.js';
export type { StartOptions, Backpressure, ScheduleOptions, HostScheduler, ReactiveHost, RunOptions, AdvanceResult } from './simulator.js';
export { buildServer, BuildFailed, checkExecutable, forgetOnExit, killOnExit, removeOnExit, type BuildOptions } from './process.js';
export { FifoSimulator, type FifoStartOptions } from './fifo.js';
export * from './errors.js';
export { requestCapMs, signalName, zombieExitStatus } from './progress.js';
export { PROTOCOL_VERSION, OUTPUT_CHANNELS, CONTRACT_RULE, isTransaction, bigintToWords, wordsToBigint } from './protocol.js';
export type { Output, ContractReport, OutputChannel, ReadyChannel, StallChannel, TlpInputChannel, DutInfo, InputItem, LateStop, QuietStop, SignalEntry } from './protocol.js';
export { HOST_FAULT_CODE } from './protocol.js';
export type { HostCompletion, HostDecision, HostReplicaConfig, HostStep, HostWrite } from './protocol.js';
export { BlockingSimulator } from './blocking.js';
export { ZmqSyncSimulator, buildZmqSync, loadZmqSync, NativeBuildFailed, type ZmqSyncStartOptions } from './zmq-sync.js';
