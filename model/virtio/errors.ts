// Typed errors of the virtio register block. Each message names the offending field and value.

/** A build parameter or option is out of range (FunctionParams, mac, mtu, ...). */
export class VirtioParamError extends Error {
  constructor(readonly field: string, readonly value: unknown, why: string) {
    super(`virtio: ${field} = ${String(value)}: ${why}`);
    this.name = 'VirtioParamError';
  }
}

/** The offered feature set breaks a dependency of §5.1.3.1 (never offer the left without the right). */
export class FeatureDependencyError extends Error {
  constructor(readonly feature: string, readonly missing: string) {
    super(`virtio: offered feature ${feature} requires ${missing}, which is not offered (virtio §5.1.3.1)`);
    this.name = 'FeatureDependencyError';
  }
}

/** The caller (model/function) made an access the register block cannot express. */
export class VirtioAccessError extends Error {
  constructor(readonly field: string, readonly value: unknown, why: string) {
    super(`virtio access: ${field} = ${String(value)}: ${why}`);
    this.name = 'VirtioAccessError';
  }
}
