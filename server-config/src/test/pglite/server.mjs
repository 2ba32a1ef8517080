// A PostgreSQL-protocol server on loopback backed by an in-memory PGlite with the pgvector
// extension, for PgVectorIT: `node server.mjs <port>`. Prints "listening <port>" once it accepts
// connections and stops on SIGTERM or SIGINT. Nothing is written to disk.
import { PGlite } from '@electric-sql/pglite'
import { vector } from '@electric-sql/pglite-pgvector'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'

const port = Number.parseInt(process.argv[2] ?? '', 10)
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error('usage: node server.mjs <port>')
  process.exit(2)
}

const db = await PGlite.create({ extensions: { vector } })
const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 8 })
await server.start()
console.log(`listening ${port}`)

let stopping = false
async function stop() {
  if (stopping) return
  stopping = true
  await server.stop()
  await db.close()
  process.exit(0)
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
