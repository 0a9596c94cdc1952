// Public surface of tb/host.
export { RootComplex, writeWithByteEnables, type RootComplexOptions } from './host.js';
export { HostMemory, HostMemoryError, PAGE_SIZE } from './memory.js';
export { HostCompleter, readRange, DEFAULT_COMPLETER_OPTIONS, type CompleterOptions, type CplFault, type HostEvent, type SplitPolicy } from './completer.js';
export { HostChecker, DEFAULT_CHECKER_CONFIG, type HostCheckerConfig } from './checker.js';
export { MsixMonitor, X86_MSI_WINDOW, type Interrupt, type MsiWindow, type MsixEntry } from './msix.js';
export { HOST_RULES, HostCheckError, HostConfigError, type HostRule } from './errors.js';
