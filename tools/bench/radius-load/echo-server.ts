/**
 * The trivial server bench:radius measures its load generator against: each request answered at
 * once by its own first 20 octets with the code of the reply (Access-Accept for an
 * Access-Request, Accounting-Response for an Accounting-Request), no authenticator computed and
 * nothing else done. Whatever rate the generator reaches here is its own ceiling (or this
 * server's: both are single Node processes), the most any server can be measured at.
 *
 *   node --import tsx tools/bench/radius-load/echo-server.ts ADDRESS   (prints "listening PORT")
 */
import dgram from 'node:dgram';

const address = process.argv[2] ?? '127.0.0.1';
const socket = dgram.createSocket({ type: address.includes(':') ? 'udp6' : 'udp4', recvBufferSize: 4 * 1024 * 1024, sendBufferSize: 4 * 1024 * 1024 });
const REPLY_CODE: Record<number, number> = { 1: 2, 4: 5 };
socket.on('message', (request, peer) => {
  if (request.length < 20) return;
  const reply = request.subarray(0, 20);
  reply[0] = REPLY_CODE[request[0]!] ?? 0;
  reply[2] = 0;
  reply[3] = 20;
  socket.send(reply, peer.port, peer.address);
});
socket.bind(0, address, () => {
  console.log(`listening ${socket.address().port}`);
});
process.on('SIGTERM', () => socket.close(() => process.exit(0)));
