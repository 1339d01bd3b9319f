// The YSB query as one DuckDB batch query over the files Spate's benchmark wrote: the batch
// analytics limit of docs/benchmarks.md. Usage: node ysb.mjs EVENTS_DIR ADS_CSV EVENTS THREADS
// [COUNTS_OUT]. Prints one `engine=duckdb …` line per thread count; COUNTS_OUT receives the
// counts (window start ms, campaign, count) of the last run, sorted, for the correctness check.
import { writeFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const [dir, adsCsv, events, threadList, countsOut] = process.argv.slice(2);
const columns = `{user_id: 'VARCHAR', page_id: 'VARCHAR', ad_id: 'VARCHAR', ad_type: 'VARCHAR',
  event_type: 'VARCHAR', event_time: 'VARCHAR', ip_address: 'VARCHAR'}`;
const query = `
  SELECT (CAST(e.event_time AS BIGINT) // 10000) * 10000 AS window_start, a.campaign_id, count(*) AS n
  FROM read_json('${dir}/*.json', format = 'newline_delimited', columns = ${columns}) e
  JOIN ads a ON e.ad_id = a.ad_id
  WHERE e.event_type = 'view'
  GROUP BY ALL`;

for (const threads of threadList.split(',')) {
  const instance = await DuckDBInstance.create(':memory:', { threads });
  const connection = await instance.connect();
  await connection.run(`CREATE TABLE ads AS SELECT * FROM read_csv('${adsCsv}', header = true,
    columns = {ad_id: 'VARCHAR', campaign_id: 'VARCHAR'})`);
  const start = process.hrtime.bigint();
  const reader = await connection.runAndReadAll(query);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const rows = reader.getRows();
  const rate = Number(events) / seconds;
  console.log(`engine=duckdb threads=${threads} events_per_s=${rate.toFixed(0)} ` +
              `per_core=${(rate / Number(threads)).toFixed(0)} seconds=${seconds.toFixed(3)} groups=${rows.length}`);
  if (countsOut) {
    const lines = rows.map((r) => `${r[0]},${r[1]},${r[2]}`).sort();
    writeFileSync(countsOut, lines.join('\n') + '\n');
  }
  connection.closeSync();
}
