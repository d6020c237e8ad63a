package db.migration;

/** V8__data_subject_requests: src/main/resources/db/expand/V8__data_subject_requests.sql, run under {@link ShortLocks}. */
public class V8__data_subject_requests extends ShortLockedScript {
}
