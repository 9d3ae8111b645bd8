/**
 * A datagram that is not a well-formed RADIUS packet. `reason` is a short kebab-case label the
 * server counts drops by ('too-short', 'attribute-overrun', 'bad-vsa', ...); the message says
 * where and what, for the log line.
 */
export class RadiusDecodeError extends Error {
  override readonly name = 'RadiusDecodeError';
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}
