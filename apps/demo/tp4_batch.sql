-- Spate demo: the TP4 lab's transformations as one batch job over its data files.
-- Run with `make demo` (the data directory is passed as ${spate.demo.dataDir}).

-- IoT records as the lab's socket server sends them: one JSON document per line.
CREATE TEMPORARY VIEW raw_iot USING text OPTIONS (path 'apps/demo/data/iot_sample.jsonl');

CREATE TEMPORARY VIEW iot AS
SELECT data.* FROM (
  SELECT from_json(value, 'Arrival_Time BIGINT, Creation_Time BIGINT, Device STRING, Index BIGINT,
                           Model STRING, User STRING, gt STRING, x DOUBLE, y DOUBLE, z DOUBLE') AS data
  FROM raw_iot);

-- How many error records (all fields but the timestamps null) did the server send?
SELECT CASE WHEN Device IS NULL THEN true ELSE false END AS error, count(*) AS count
FROM iot GROUP BY 1 ORDER BY error;

-- The lab's users file (';'-separated, with a header).
CREATE TEMPORARY VIEW users USING csv
OPTIONS (path '${spate.demo.dataDir}/donnees_utilisateurs.csv', header 'true', sep ';', inferSchema 'true');

-- Stream-static join of the lab, in batch: records per user with the user's name.
SELECT i.User, u.FirstName, u.LastName, count(*) AS records
FROM iot i JOIN users u ON i.User = u.User
GROUP BY i.User, u.FirstName, u.LastName
ORDER BY records DESC, i.User;

-- cube(gt, model).avg(): mean acceleration for every combination of activity and model.
SELECT gt, Model, round(avg(x), 4) AS `avg(x)`, round(avg(y), 4) AS `avg(y)`, round(avg(z), 4) AS `avg(z)`
FROM iot WHERE Device IS NOT NULL
GROUP BY CUBE(gt, Model)
ORDER BY gt NULLS FIRST, Model NULLS FIRST;

-- Event time from the nanosecond creation time, counted in 10-second windows sliding by 5 seconds.
SELECT window.start, window.end, count(*) AS events
FROM (SELECT cast(cast(Creation_Time AS DOUBLE) / 1000000000 AS TIMESTAMP) AS event_time FROM iot)
GROUP BY window(event_time, '10 seconds', '5 seconds')
ORDER BY window.start;

-- Kaamelott quotes: words per character (the lab's expert part).
CREATE TEMPORARY VIEW quotes USING json OPTIONS (path '${spate.demo.dataDir}/quote.json');

SELECT trim(character) AS character, count(*) AS words
FROM (SELECT character, explode(split(quote, ' ')) AS word FROM quotes)
WHERE word != ''
GROUP BY trim(character)
ORDER BY words DESC, character
LIMIT 10;

-- Haute-Garonne communes (the Wikimedia question's static side).
CREATE TEMPORARY VIEW communes USING csv
OPTIONS (path '${spate.demo.dataDir}/hte-garonne.csv', header 'true');

SELECT upper(substring(communeLabel, 1, 1)) AS initial, count(*) AS communes
FROM communes GROUP BY 1 ORDER BY communes DESC, initial LIMIT 5;
