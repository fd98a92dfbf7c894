// The peer every record measurement is also compared with: DuckDB (its Node API, on every core)
// computing the same aggregation of the same file, as a data-savvy auditor would, printed as CSV
// (one line per unit). A whole process is measured, as parscore's is: start-up, reading, results.
//
//   node bench/duckdb-peer.mjs dossiers FILE                  the 4 dossier rates per commune
//   node bench/duckdb-peer.mjs survey FILE QUESTIONS          weighted means of mapped answers
//   node bench/duckdb-peer.mjs national UNITS EVIDENCE DOSSIERS SURVEY QUESTIONS
//                                                            both, the units and the long
//                                                            evidence read and checked for
//                                                            duplicate unit × indicator rows
import { DuckDBInstance } from '@duckdb/node-api';

const [what, ...files] = process.argv.slice(2);
const csv = (file) => `read_csv('${file.replaceAll("'", "''")}', header = true, all_varchar = true)`;

/** On time with pending rows left out, online, digitised, paid online: hits and rows used, per commune. */
const dossiers = (file) => `
  WITH d AS (
    SELECT "Mã đơn vị" AS unit,
           try_strptime("Hạn trả kết quả", '%d/%m/%Y') AS due,
           try_strptime("Ngày trả kết quả", '%d/%m/%Y') AS done,
           "Kênh nộp" AS channel, "Số hóa" AS digitised, "Thanh toán trực tuyến" AS paid
    FROM ${csv(file)})
  SELECT unit,
         count(*) FILTER (WHERE done <= due) AS on_time,
         count(*) FILTER (WHERE done IS NOT NULL AND due IS NOT NULL) AS decided,
         count(*) FILTER (WHERE channel = 'Trực tuyến') AS online, count(channel) AS channels,
         count(*) FILTER (WHERE digitised = 'Có') AS digitised, count(digitised) AS digitisations,
         count(*) FILTER (WHERE paid = 'Có') AS paid, count(paid) AS payments
  FROM d GROUP BY unit ORDER BY unit`;

const LIKERT = [['Rất hài lòng', 1], ['Hài lòng', 0.75], ['Bình thường', 0.5], ['Không hài lòng', 0.25], ['Rất không hài lòng', 0]];

/** Per commune and question: respondents, Σw and Σw·x over the answers mapped to values. */
const survey = (file, questions) => {
  const cols = [];
  for (let q = 1; q <= questions; q++) {
    const v = `CASE c${q} ${LIKERT.map(([l, x]) => `WHEN '${l}' THEN ${x}`).join(' ')} END`;
    cols.push(`count(${v}) AS n${q}`, `sum(w) FILTER (WHERE ${v} IS NOT NULL) AS w${q}`, `sum(w * ${v}) AS wx${q}`);
  }
  return `
    WITH s AS (SELECT *, replace(trong_so, ',', '.')::DECIMAL(18, 4) AS w FROM ${csv(file)})
    SELECT ma_xa AS unit, ${cols.join(', ')} FROM s GROUP BY ma_xa ORDER BY ma_xa`;
};

const evidence = (units, file) => `
  SELECT e."Mã đơn vị" AS unit, count(*) AS rows, count(DISTINCT e."Chỉ tiêu") AS indicators
  FROM ${csv(file)} e JOIN ${csv(units)} u ON u."Mã đơn vị" = e."Mã đơn vị"
  GROUP BY e."Mã đơn vị" ORDER BY 1`;

const queries =
  what === 'dossiers' ? [dossiers(files[0])]
  : what === 'survey' ? [survey(files[0], Number(files[1]))]
  : what === 'national' ? [evidence(files[0], files[1]), dossiers(files[2]), survey(files[3], Number(files[4]))]
  : undefined;
if (!queries || files.some((f) => f === undefined)) {
  process.stderr.write('usage: duckdb-peer.mjs dossiers FILE | survey FILE QUESTIONS | national UNITS EVIDENCE DOSSIERS SURVEY QUESTIONS\n');
  process.exit(2);
}

const instance = await DuckDBInstance.create();
const connection = await instance.connect();
let out = '';
for (const sql of queries) {
  const reader = await connection.runAndReadAll(sql);
  out += reader.columnNames().join(',') + '\n';
  for (const row of reader.getRowsJS()) out += row.join(',') + '\n';
}
process.stdout.write(out);
