// The bare floor of the submission benchmark: a plain node:http server that parses the
// same JSON body and inserts one row with better-sqlite3 (same pragmas as the app).
// Whatever the app adds (routing, validation, scoring, transactions) shows as the ratio.
import http from "node:http";
import SQLite from "better-sqlite3";

const [file, port] = [process.argv[2]!, Number(process.argv[3])];
const db = new SQLite(file);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = FULL");
db.exec("create table if not exists response (id text primary key, body text not null)");
const insert = db.prepare("insert into response (id, body) values (?, ?)");

http
  .createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { id: string; answers: unknown };
        insert.run(body.id, JSON.stringify(body.answers));
        res.writeHead(201, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ id: body.id }));
      } catch {
        res.writeHead(400).end();
      }
    });
  })
  .listen(port, "127.0.0.1", () => process.send?.("ready"));
