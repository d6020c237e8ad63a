// The thin server of the benchmark (docs/benchmarks.md, issue 19): the least a web server can do to serve a patient
// by id from the legacy view as JSON, to measure the service against. As the service's role, under row-level
// security, with the tenant set in each request's transaction; a pool of 10 connections. Started by
// dev.normalizer.benchmark.ThinServer, which installs the pinned `pg` package (NODE_PATH) and sets PORT, TENANT_ID
// and libpq's PGHOST, PGPORT, PGDATABASE, PGUSER and PGPASSWORD, which `pg` reads as libpq does.
'use strict';
const http = require('http');
const { Pool } = require('pg');

const pool = new Pool({ max: 10 });
const tenant = String(parseInt(process.env.TENANT_ID, 10)); // a number, so it can stand in the SQL text
const byId = { name: 'patient-by-id', text: 'SELECT * FROM v_patients_legacy WHERE id = $1' };

async function patient(id) {
  const client = await pool.connect();
  try {
    await client.query(`BEGIN; SELECT set_config('app.tenant_id', '${tenant}', true)`);
    const { rows } = await client.query({ ...byId, values: [id] });
    await client.query('COMMIT');
    return rows[0];
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

http.createServer((req, res) => {
  const id = /^\/patients\/(\d{1,18})$/.exec(req.url);
  if (req.method !== 'GET' || !id) return res.writeHead(404).end();
  patient(id[1]).then(
    (row) => row ? res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(row))
      : res.writeHead(404).end(),
    (e) => { console.error(e.message); res.writeHead(500).end(); });
}).listen(Number(process.env.PORT), () => console.log(`thin server listening on ${process.env.PORT}`));
