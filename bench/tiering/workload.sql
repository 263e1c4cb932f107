-- The sqlite3 guest's workload (bench/tiering/run.py): build, index, join and aggregate
-- an in-memory table; deterministic output. About 1-2 s in wasmprof's interpreter.
CREATE TABLE t(id INTEGER PRIMARY KEY, grp INTEGER, name TEXT, val REAL);
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 40000)
INSERT INTO t SELECT x, x % 97, printf('name-%06d', (x * 7919) % 40000), (x * 31 % 1000) / 10.0 FROM c;
CREATE INDEX t_name ON t(name);
CREATE INDEX t_grp_val ON t(grp, val);
SELECT grp, count(*), round(sum(val), 1), min(name), max(name) FROM t GROUP BY grp ORDER BY grp LIMIT 5;
SELECT count(*) FROM t a JOIN t b ON a.name = b.name WHERE a.grp < 50;
SELECT name, val FROM t WHERE name LIKE 'name-0001%' ORDER BY val DESC, name LIMIT 5;
UPDATE t SET val = val * 2 WHERE grp % 3 = 0;
DELETE FROM t WHERE id % 5 = 0;
SELECT count(*), round(avg(val), 3) FROM t;
SELECT group_concat(grp, ',') FROM (SELECT grp FROM t GROUP BY grp HAVING count(*) > 330 ORDER BY grp LIMIT 10);
