-- Scripts/bench-search --catalog on PostgreSQL past 20,000 lectures: the generated lectures
-- copied under new ids until there are :total, with their search rows (lectureSearch,
-- lectureWords), copy after copy in id order as ingest would have appended them. Speakers and
-- organisations are shared. The GIN index is built once, after. Benchmarks only.
-- (psql's variables do not reach inside $$…$$: the DO block reads them as settings.)
SET client_min_messages = warning;
SELECT set_config('bench.total', :'total', false) \g /dev/null
DROP INDEX IF EXISTS lectureWords_every;
DO $$
DECLARE
    base bigint := (SELECT max(id) FROM lecture);
    copies int := current_setting('bench.total')::bigint / base - 1;
    lecture_columns text := (SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position)
        FROM information_schema.columns WHERE table_name = 'lecture' AND column_name <> 'id');
    search_columns text := (SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position)
        FROM information_schema.columns WHERE table_name = 'lecturesearch' AND column_name <> 'lectureid');
BEGIN
    -- lectureWords' partitions (v24) for the new ids, made as ingest would make them.
    PERFORM lectern_words_partition(x) FROM generate_series(0, base * (copies + 1), 100000) AS x;
    FOR k IN 1..copies LOOP
        EXECUTE format('INSERT INTO lecture (id, %1$s) SELECT id + %2$s, %1$s FROM lecture WHERE id <= %3$s ORDER BY id',
            lecture_columns, k * base, base);
        EXECUTE format('INSERT INTO lectureSearch (lectureId, %1$s) SELECT lectureId + %2$s, %1$s FROM lectureSearch '
            'WHERE lectureId <= %3$s ORDER BY lectureId', search_columns, k * base, base);
        EXECUTE format('INSERT INTO lectureWords (lectureId, every) SELECT lectureId + %1$s, every FROM lectureWords '
            'WHERE lectureId <= %2$s ORDER BY lectureId', k * base, base);
    END LOOP;
END $$;
SELECT setval(pg_get_serial_sequence('lecture', 'id'), (SELECT max(id) FROM lecture)) \g /dev/null
CREATE INDEX lectureWords_every ON lectureWords USING gin (every);
VACUUM ANALYZE lecture;
VACUUM ANALYZE lectureSearch;
VACUUM ANALYZE lectureWords;
