//! One suite for every [`Store`]: each test body below runs against SQLite (a file in a temp
//! folder) and against a fresh PostgreSQL database (`test_support::postgres`), so the two stores
//! cannot drift apart. A test that plays several processes opens the same database more than
//! once ([`Db::open`]), through [`super::open`] as the bot does.

use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use futures::future::join_all;

use super::{
    CheckIn, CheckinSource, ClaimOutcome, FireClaim, FireDone, FireRenewal, FireStatus,
    LeaseRequest, ReminderRow, SessionRow, ShardKey, Store, StoreError,
};
use crate::ids::{ChannelId, GuildId, MessageId, ReminderId, RoleId, UserId};
use crate::shards::ShardSet;
use crate::test_support::postgres::TestDatabase;
use crate::test_support::{date, utc};

/// The database one test runs on.
enum Db {
    Sqlite(tempfile::TempDir),
    Postgres(TestDatabase),
}

impl Db {
    fn sqlite() -> Self {
        Db::Sqlite(tempfile::tempdir().unwrap())
    }

    fn url(&self) -> String {
        match self {
            Db::Sqlite(dir) => format!("sqlite:{}", dir.path().join("bot.db").display()),
            Db::Postgres(db) => db.url.clone(),
        }
    }

    /// A new store on this test's database: another process, as far as the database knows.
    async fn open(&self) -> Arc<dyn Store> {
        super::open(&self.url(), 4)
            .await
            .unwrap_or_else(|e| panic!("open: {}", crate::error::chain(&e)))
    }

    async fn finish(self) {
        if let Db::Postgres(db) = self {
            db.drop_now().await;
        }
    }
}

/// Instantiates each named test body once per engine: `on_sqlite::NAME` and `on_postgres::NAME`.
macro_rules! conformance {
    ($($name:ident),* $(,)?) => {
        mod on_sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let db = super::Db::sqlite();
                    super::$name(&db).await;
                    db.finish().await;
                }
            )*
        }
        mod on_postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let test = concat!("store::conformance::on_postgres::", stringify!($name));
                    let Some(db) = crate::test_support::postgres::TestDatabase::create(test).await
                    else {
                        return;
                    };
                    let db = super::Db::Postgres(db);
                    super::$name(&db).await;
                    db.finish().await;
                }
            )*
        }
    };
}

conformance!(
    several_processes_opening_one_fresh_database_at_once_all_succeed,
    data_survives_reopening,
    sessions_round_trip_and_only_running_ones_are_listed,
    one_active_session_per_channel_is_a_conflict,
    a_session_without_starter_reads_back_as_none,
    server_time_zone_and_removal_are_kept_apart,
    server_language_is_kept_apart_from_its_zone_and_survives_removal,
    a_servers_discord_language_is_recorded_when_present_and_kept_when_not_given,
    removed_servers_are_purged_after_the_cutoff_only_with_all_their_rows,
    an_inserted_reminder_reads_back_with_every_column,
    reminder_numbers_count_per_server_and_are_never_reused,
    reminder_ids_are_never_reused_after_a_delete,
    the_per_server_cap_holds_when_processes_insert_at_once,
    update_reminder_is_compare_and_set_on_rev,
    of_two_concurrent_updates_with_one_rev_exactly_one_wins,
    delete_reminder_takes_its_fires_and_says_whether_it_was_there,
    due_reminders_and_the_earliest_fire_skip_inactive_ones_in_time_order,
    a_claim_owns_a_fire_until_its_lease_ends_then_can_be_taken_over,
    a_claim_on_a_changed_or_inactive_reminder_is_stale,
    a_renewed_claim_holds_past_its_first_lease_and_only_its_holder_renews,
    of_concurrent_claims_from_several_processes_exactly_one_wins,
    a_finish_and_a_take_over_of_one_fire_at_once_both_succeed,
    deleting_a_reminder_while_it_is_claimed_succeeds,
    a_retry_waits_for_its_time_and_a_stale_finish_keeps_the_edit,
    set_reminder_next_is_compare_and_set,
    skipping_a_fire_saves_the_row_and_the_record_together_or_neither,
    setting_the_event_does_not_bump_the_revision,
    a_prompt_place_and_rotation_are_kept_apart_without_bumping_the_revision,
    stopping_a_server_stops_its_active_reminders_once,
    reminders_to_repair_are_the_unarmed_and_the_eventless_group_ones,
    old_fire_records_are_purged_by_date,
    a_shard_lease_has_one_holder_until_it_expires_or_is_released,
    of_standbys_racing_for_an_expired_lease_exactly_one_wins,
    a_lease_under_another_shard_count_waits_for_the_old_counts_leases,
    an_interaction_is_claimed_once_and_old_claims_are_purged,
    the_scanning_queries_see_only_the_servers_of_the_given_shards,
    a_checkin_counts_once_per_person_and_source,
    checkins_read_back_by_person_and_by_server_from_a_time_on,
    stats_sharing_is_per_server_and_can_be_turned_off,
    forgetting_a_person_leaves_no_row_about_them_and_keeps_the_others,
    old_checkins_are_purged_and_a_removed_servers_go_with_it,
    nudge_settings_read_back_and_keep_what_the_loop_wrote,
    a_settings_change_read_before_dms_closed_keeps_them_closed,
    due_nudges_skip_the_off_and_the_closed_in_time_order,
    a_nudge_is_claimed_once_taken_over_after_its_lease_and_settled,
    forgetting_a_person_takes_every_nudge_row_and_their_locale,
);

#[path = "conformance_nudges.rs"]
mod nudges;
use nudges::*;

const GUILD: GuildId = GuildId::new(1);
const OTHER_GUILD: GuildId = GuildId::new(2);

fn t0() -> DateTime<Utc> {
    utc("2026-11-24T10:00:00Z")
}

fn session(id: &str, channel: u64, at: DateTime<Utc>) -> SessionRow {
    SessionRow {
        id: id.into(),
        guild_id: GUILD,
        channel_id: ChannelId::new(channel),
        starter_id: Some(UserId::new(7)),
        active: true,
        state: format!("{{\"id\":\"{id}\"}}"),
        created_at: at,
        updated_at: at,
    }
}

/// A prompt reminder armed for 2026-11-25 08:00Z.
fn reminder(guild: GuildId) -> ReminderRow {
    ReminderRow {
        id: ReminderId::new(0),
        guild_id: guild,
        number: 0,
        channel_id: ChannelId::new(10),
        channel_name: "stretch".into(),
        time_of_day: "09:00".into(),
        days: 0b111_1111,
        timezone: "Europe/Berlin".into(),
        kind: "prompt".into(),
        message: None,
        ping_role_id: None,
        routine_id: "childs-pose".into(),
        event_enabled: false,
        event_id: None,
        paused: false,
        flagged: None,
        stopped: false,
        next_fire_at: Some(utc("2026-11-25T08:00:00Z")),
        next_fire_date: Some(date("2026-11-25")),
        rev: 0,
        created_at: t0(),
        updated_at: t0(),
    }
}

async fn insert(store: &Arc<dyn Store>, row: &ReminderRow) -> ReminderRow {
    store
        .insert_reminder(row, 25)
        .await
        .unwrap()
        .expect("under the cap")
}

fn claim(r: &ReminderRow, at: DateTime<Utc>, lease_secs: i64, instance: &str) -> FireClaim {
    FireClaim {
        reminder_id: r.id,
        rev: r.rev,
        local_date: r.next_fire_date.unwrap(),
        now: at,
        lease_until: at + Duration::seconds(lease_secs),
        instance: instance.into(),
    }
}

/// The finish of attempt `attempt`, claimed by `by`.
fn done(
    r: &ReminderRow,
    status: FireStatus,
    at: DateTime<Utc>,
    by: &str,
    attempt: u32,
) -> FireDone {
    FireDone {
        claimed_by: by.into(),
        attempt,
        reminder_id: r.id,
        rev: r.rev,
        local_date: r.next_fire_date.unwrap(),
        status,
        message_id: None,
        retry_at: None,
        next: Some((utc("2026-11-26T08:00:00Z"), date("2026-11-26"))),
        now: at,
    }
}

async fn fetch(store: &Arc<dyn Store>, id: ReminderId) -> ReminderRow {
    store.reminder_by_id(id).await.unwrap().expect("stored")
}

// ----- opening ---------------------------------------------------------------------------------

async fn several_processes_opening_one_fresh_database_at_once_all_succeed(db: &Db) {
    // Instances started together on a new database: one migrates, the others wait and find the
    // schema done instead of applying a migration twice and exiting.
    let opened = join_all((0..6).map(|_| async {
        let url = db.url();
        tokio::spawn(async move { super::open(&url, 2).await.map(|_| ()) })
            .await
            .unwrap()
    }))
    .await;
    for (i, result) in opened.into_iter().enumerate() {
        if let Err(e) = result {
            panic!("opener {i}: {}", crate::error::chain(&e));
        }
    }
    let store = db.open().await;
    insert(&store, &reminder(GUILD)).await;
}

async fn data_survives_reopening(db: &Db) {
    let store = db.open().await;
    store
        .insert_session(&session("s1", 10, t0()))
        .await
        .unwrap();
    store
        .set_guild_timezone(GUILD, "Europe/Berlin")
        .await
        .unwrap();
    let saved = insert(&store, &reminder(GUILD)).await;
    drop(store);
    let store = db.open().await;
    assert_eq!(
        store
            .active_sessions(&ShardSet::everything())
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        store.guild_timezone(GUILD).await.unwrap().as_deref(),
        Some("Europe/Berlin")
    );
    assert_eq!(store.guild_reminders(GUILD).await.unwrap(), vec![saved]);
}

// ----- sessions --------------------------------------------------------------------------------

async fn sessions_round_trip_and_only_running_ones_are_listed(db: &Db) {
    let store = db.open().await;
    let later = session("b", 11, t0() + Duration::seconds(5));
    let first = session("a", 10, t0());
    store.insert_session(&later).await.unwrap();
    store.insert_session(&first).await.unwrap();
    let mut other_server = session("c", 12, t0() + Duration::seconds(1));
    other_server.guild_id = OTHER_GUILD;
    store.insert_session(&other_server).await.unwrap();
    assert_eq!(
        store
            .active_sessions(&ShardSet::everything())
            .await
            .unwrap(),
        vec![first.clone(), other_server.clone(), later.clone()],
        "oldest first, every column as written"
    );
    assert_eq!(store.count_active_sessions(GUILD).await.unwrap(), 2);
    assert_eq!(
        store.active_session_in(ChannelId::new(11)).await.unwrap(),
        Some(later.clone())
    );

    let mut ended = later.clone();
    ended.active = false;
    ended.state = "{\"ended\":true}".into();
    ended.updated_at = t0() + Duration::seconds(60);
    store.update_session(&ended).await.unwrap();
    assert_eq!(
        store.active_session_in(ChannelId::new(11)).await.unwrap(),
        None
    );
    assert_eq!(store.count_active_sessions(GUILD).await.unwrap(), 1);
    assert_eq!(
        store
            .active_sessions(&ShardSet::everything())
            .await
            .unwrap(),
        vec![first, other_server]
    );
}

async fn one_active_session_per_channel_is_a_conflict(db: &Db) {
    let store = db.open().await;
    store.insert_session(&session("a", 10, t0())).await.unwrap();
    let err = store
        .insert_session(&session("b", 10, t0()))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "{err}");
    store.insert_session(&session("c", 11, t0())).await.unwrap();
    assert_eq!(store.count_active_sessions(GUILD).await.unwrap(), 2);
    let mut done = session("a", 10, t0());
    done.active = false;
    store.update_session(&done).await.unwrap();
    store.insert_session(&session("d", 10, t0())).await.unwrap();
    assert_eq!(
        store
            .active_session_in(ChannelId::new(10))
            .await
            .unwrap()
            .unwrap()
            .id,
        "d"
    );
    // Two processes starting a session in one channel at once: one wins, one conflicts.
    let (a, b) = (db.open().await, db.open().await);
    let (e, f) = (session("e", 20, t0()), session("f", 20, t0()));
    let (ra, rb) = tokio::join!(a.insert_session(&e), b.insert_session(&f));
    assert!(
        ra.is_ok() != rb.is_ok(),
        "exactly one start wins: {ra:?} {rb:?}"
    );
    for r in [ra, rb] {
        if let Err(e) = r {
            assert!(matches!(e, StoreError::Conflict(_)), "{e}");
        }
    }
}

async fn a_session_without_starter_reads_back_as_none(db: &Db) {
    let store = db.open().await;
    let mut scheduled = session("a", 10, t0());
    scheduled.starter_id = None;
    store.insert_session(&scheduled).await.unwrap();
    store.insert_session(&session("b", 11, t0())).await.unwrap();
    let mut starters: Vec<(String, Option<UserId>)> = store
        .active_sessions(&ShardSet::everything())
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.id, r.starter_id))
        .collect();
    starters.sort();
    assert_eq!(
        starters,
        vec![("a".into(), None), ("b".into(), Some(UserId::new(7)))]
    );
}

// ----- servers ---------------------------------------------------------------------------------

async fn server_time_zone_and_removal_are_kept_apart(db: &Db) {
    let store = db.open().await;
    assert_eq!(store.guild_timezone(GUILD).await.unwrap(), None);
    store.set_guild_removed(GUILD, Some(t0())).await.unwrap();
    assert_eq!(store.guild_timezone(GUILD).await.unwrap(), None);
    store.set_guild_timezone(GUILD, "Asia/Tokyo").await.unwrap();
    store
        .set_guild_timezone(GUILD, "America/New_York")
        .await
        .unwrap();
    store.set_guild_removed(GUILD, None).await.unwrap();
    assert_eq!(
        store.guild_timezone(GUILD).await.unwrap().as_deref(),
        Some("America/New_York"),
        "removal and return leave the zone"
    );
    assert_eq!(
        store
            .purge_removed_before(t0() + Duration::days(999))
            .await
            .unwrap(),
        0,
        "a server that came back is not purged"
    );
}

async fn server_language_is_kept_apart_from_its_zone_and_survives_removal(db: &Db) {
    let store = db.open().await;
    assert_eq!(store.guild_language(GUILD).await.unwrap(), None);
    store
        .set_guild_timezone(GUILD, "Europe/Berlin")
        .await
        .unwrap();
    assert_eq!(store.guild_language(GUILD).await.unwrap(), None);
    store.set_guild_language(GUILD, "fr").await.unwrap();
    store.set_guild_language(GUILD, "de").await.unwrap();
    store.set_guild_removed(GUILD, Some(t0())).await.unwrap();
    store.set_guild_removed(GUILD, None).await.unwrap();
    assert_eq!(
        store.guild_language(GUILD).await.unwrap().as_deref(),
        Some("de")
    );
    assert_eq!(
        store.guild_timezone(GUILD).await.unwrap().as_deref(),
        Some("Europe/Berlin"),
        "the language leaves the zone"
    );
    assert_eq!(store.guild_language(OTHER_GUILD).await.unwrap(), None);
    // A server's first setting may be its language.
    store.set_guild_language(OTHER_GUILD, "ja").await.unwrap();
    assert_eq!(store.guild_timezone(OTHER_GUILD).await.unwrap(), None);
    assert_eq!(
        store.guild_language(OTHER_GUILD).await.unwrap().as_deref(),
        Some("ja")
    );
}

async fn a_servers_discord_language_is_recorded_when_present_and_kept_when_not_given(db: &Db) {
    let store = db.open().await;
    assert_eq!(store.guild_discord_locale(GUILD).await.unwrap(), None);
    store.set_guild_language(GUILD, "de").await.unwrap();
    store.set_guild_removed(GUILD, Some(t0())).await.unwrap();
    store.set_guild_present(GUILD, Some("fr")).await.unwrap();
    assert_eq!(
        store.guild_discord_locale(GUILD).await.unwrap().as_deref(),
        Some("fr")
    );
    assert_eq!(
        store
            .purge_removed_before(t0() + Duration::days(999))
            .await
            .unwrap(),
        0,
        "present again: not purged"
    );
    // Kept apart from the language the admins set, and not cleared when none is given.
    assert_eq!(
        store.guild_language(GUILD).await.unwrap().as_deref(),
        Some("de")
    );
    store.set_guild_present(GUILD, None).await.unwrap();
    store.set_guild_present(GUILD, Some("ja")).await.unwrap();
    store.set_guild_present(GUILD, None).await.unwrap();
    assert_eq!(
        store.guild_discord_locale(GUILD).await.unwrap().as_deref(),
        Some("ja")
    );
    // A server first seen present.
    store
        .set_guild_present(OTHER_GUILD, Some("pt-BR"))
        .await
        .unwrap();
    assert_eq!(
        store
            .guild_discord_locale(OTHER_GUILD)
            .await
            .unwrap()
            .as_deref(),
        Some("pt-BR")
    );
    assert_eq!(store.guild_language(OTHER_GUILD).await.unwrap(), None);
    // What posts speak: the set language first, then Discord's.
    assert_eq!(
        crate::store::server_locale(&*store, GUILD, None).await,
        crate::i18n::Locale::De
    );
    assert_eq!(
        crate::store::server_locale(&*store, OTHER_GUILD, None).await,
        crate::i18n::Locale::PtBr
    );
    assert_eq!(
        crate::store::server_locale(&*store, OTHER_GUILD, Some("es-419")).await,
        crate::i18n::Locale::EsEs
    );
}

async fn removed_servers_are_purged_after_the_cutoff_only_with_all_their_rows(db: &Db) {
    let store = db.open().await;
    store.insert_session(&session("a", 10, t0())).await.unwrap();
    store
        .set_guild_timezone(GUILD, "Europe/Berlin")
        .await
        .unwrap();
    let gone = insert(&store, &reminder(GUILD)).await;
    assert!(matches!(
        store
            .claim_reminder_fire(&claim(&gone, t0(), 60, "a"))
            .await
            .unwrap(),
        ClaimOutcome::Claimed { .. }
    ));
    let mut kept_session = session("k", 30, t0());
    kept_session.guild_id = OTHER_GUILD;
    store.insert_session(&kept_session).await.unwrap();
    let kept = insert(&store, &reminder(OTHER_GUILD)).await;
    for r in [&gone, &kept] {
        store.set_reminder_place(r.id, "desk").await.unwrap();
        store
            .set_reminder_rotation(r.id, "2026-10-01:cat-cow")
            .await
            .unwrap();
    }
    store
        .set_guild_removed(OTHER_GUILD, Some(utc("2026-10-15T00:00:00Z")))
        .await
        .unwrap();

    store
        .set_guild_removed(GUILD, Some(utc("2026-10-01T00:00:00Z")))
        .await
        .unwrap();
    assert_eq!(
        store
            .purge_removed_before(utc("2026-09-01T00:00:00Z"))
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        store
            .purge_removed_before(utc("2026-10-10T00:00:00Z"))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        store
            .active_sessions(&ShardSet::everything())
            .await
            .unwrap(),
        vec![kept_session]
    );
    assert_eq!(store.guild_timezone(GUILD).await.unwrap(), None);
    assert_eq!(store.guild_reminders(GUILD).await.unwrap(), vec![]);
    assert_eq!(
        store
            .reminder_fire(gone.id, gone.next_fire_date.unwrap())
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store.reminder_prompt(gone.id).await.unwrap(),
        None,
        "the prompt's place and rotation go with the server"
    );
    assert!(store.reminder_prompt(kept.id).await.unwrap().is_some());
    assert_eq!(
        store.guild_reminders(OTHER_GUILD).await.unwrap(),
        vec![kept]
    );
    // The counter went too: a server that adds the bot again starts at #1.
    assert_eq!(insert(&store, &reminder(GUILD)).await.number, 1);
}

// ----- reminders -------------------------------------------------------------------------------

async fn an_inserted_reminder_reads_back_with_every_column(db: &Db) {
    let store = db.open().await;
    let mut row = reminder(GUILD);
    row.id = ReminderId::new(999);
    row.number = 77;
    row.rev = 42;
    row.kind = "group".into();
    row.message = Some("Time to move — ünïcode".into());
    row.ping_role_id = Some(RoleId::new(1 << 62));
    row.event_enabled = true;
    row.event_id = Some(u64::MAX >> 1);
    row.channel_id = ChannelId::new(1_234_567_890_123_456_789);
    row.days = 0b010_1010;
    row.flagged = None;
    row.created_at = utc("2026-11-24T10:00:00.123Z");
    row.updated_at = utc("2026-11-24T10:00:01.456Z");
    let stored = insert(&store, &row).await;
    assert_ne!(stored.id, ReminderId::new(999), "the store picks the id");
    assert_eq!(stored.number, 1, "the store picks the number");
    assert_eq!(stored.rev, 1, "a new row is revision 1");
    let expected = ReminderRow {
        id: stored.id,
        number: 1,
        rev: 1,
        ..row
    };
    assert_eq!(stored, expected);
    assert_eq!(fetch(&store, stored.id).await, expected);
    assert_eq!(store.reminder(GUILD, 1).await.unwrap(), Some(expected));
    assert_eq!(store.reminder(GUILD, 2).await.unwrap(), None);
    assert_eq!(store.reminder(OTHER_GUILD, 1).await.unwrap(), None);

    // Paused, flagged and unarmed round-trip as well.
    let mut quiet = reminder(GUILD);
    quiet.paused = true;
    quiet.flagged = Some("channel gone".into());
    quiet.stopped = true;
    quiet.next_fire_at = None;
    quiet.next_fire_date = None;
    let quiet_stored = insert(&store, &quiet).await;
    assert_eq!(
        fetch(&store, quiet_stored.id).await,
        ReminderRow {
            id: quiet_stored.id,
            number: 2,
            rev: 1,
            ..quiet
        }
    );
}

async fn reminder_numbers_count_per_server_and_are_never_reused(db: &Db) {
    let store = db.open().await;
    let a1 = insert(&store, &reminder(GUILD)).await;
    let a2 = insert(&store, &reminder(GUILD)).await;
    let b1 = insert(&store, &reminder(OTHER_GUILD)).await;
    assert_eq!((a1.number, a2.number, b1.number), (1, 2, 1));
    assert!(store.delete_reminder(a2.id).await.unwrap());
    let a3 = insert(&store, &reminder(GUILD)).await;
    assert_eq!(
        a3.number, 3,
        "a removed reminder's number is not handed out again"
    );
    let numbers: Vec<u32> = store
        .guild_reminders(GUILD)
        .await
        .unwrap()
        .iter()
        .map(|r| r.number)
        .collect();
    assert_eq!(numbers, [1, 3], "by number");
}

async fn reminder_ids_are_never_reused_after_a_delete(db: &Db) {
    // Nonces and button ids are built from the id: a new reminder must never get a deleted one's.
    let store = db.open().await;
    insert(&store, &reminder(GUILD)).await;
    let newest = insert(&store, &reminder(GUILD)).await;
    assert!(store.delete_reminder(newest.id).await.unwrap());
    let next = insert(&store, &reminder(GUILD)).await;
    assert_ne!(next.id, newest.id, "the deleted newest id came back");
    assert!(u64::from(next.id) > u64::from(newest.id));
    // Across a reopen (another process) too.
    assert!(store.delete_reminder(next.id).await.unwrap());
    drop(store);
    let store = db.open().await;
    let after = insert(&store, &reminder(GUILD)).await;
    assert!(u64::from(after.id) > u64::from(next.id));
}

async fn the_per_server_cap_holds_when_processes_insert_at_once(db: &Db) {
    let stores = [db.open().await, db.open().await, db.open().await];
    let results = join_all((0..24).map(|i| {
        let store = stores[i % stores.len()].clone();
        tokio::spawn(async move { store.insert_reminder(&reminder(GUILD), 5).await.unwrap() })
    }))
    .await;
    let saved: Vec<ReminderRow> = results.into_iter().filter_map(|r| r.unwrap()).collect();
    assert_eq!(saved.len(), 5, "exactly the cap is saved");
    let mut numbers: Vec<u32> = saved.iter().map(|r| r.number).collect();
    numbers.sort();
    assert_eq!(numbers, [1, 2, 3, 4, 5], "each number once");
    assert_eq!(stores[0].guild_reminders(GUILD).await.unwrap().len(), 5);
    assert_eq!(
        stores[0]
            .insert_reminder(&reminder(GUILD), 5)
            .await
            .unwrap(),
        None
    );
    // Another server has its own count; a removal frees a place.
    assert!(stores[1]
        .insert_reminder(&reminder(OTHER_GUILD), 5)
        .await
        .unwrap()
        .is_some());
    assert!(stores[1].delete_reminder(saved[0].id).await.unwrap());
    let again = stores[2]
        .insert_reminder(&reminder(GUILD), 5)
        .await
        .unwrap()
        .expect("a place was freed");
    assert_eq!(again.number, 6);
}

async fn update_reminder_is_compare_and_set_on_rev(db: &Db) {
    let store = db.open().await;
    let stored = insert(&store, &reminder(GUILD)).await;
    let mut edit = stored.clone();
    edit.channel_id = ChannelId::new(99);
    edit.channel_name = "elsewhere".into();
    edit.time_of_day = "17:30".into();
    edit.days = 1;
    edit.timezone = "Asia/Tokyo".into();
    edit.kind = "group".into();
    edit.message = Some("hi".into());
    edit.ping_role_id = Some(RoleId::new(5));
    edit.routine_id = "other".into();
    edit.event_enabled = true;
    edit.paused = true;
    edit.flagged = Some("why".into());
    edit.next_fire_at = None;
    edit.next_fire_date = None;
    edit.updated_at = t0() + Duration::seconds(30);
    assert!(store.update_reminder(&edit).await.unwrap());
    let now = fetch(&store, stored.id).await;
    assert_eq!(
        now,
        ReminderRow {
            rev: 2,
            ..edit.clone()
        }
    );
    // The same edit again carries rev 1, which is no longer stored: nothing written.
    let mut stale = edit.clone();
    stale.channel_name = "stale".into();
    assert!(!store.update_reminder(&stale).await.unwrap());
    assert_eq!(fetch(&store, stored.id).await, now);
    // What an update does not change: id, server, number, event id, created_at.
    let mut sneaky = now.clone();
    sneaky.created_at = t0() + Duration::days(3);
    sneaky.event_id = Some(5);
    sneaky.stopped = true;
    assert!(store.update_reminder(&sneaky).await.unwrap());
    let after = fetch(&store, stored.id).await;
    assert_eq!(after.created_at, t0());
    assert_eq!(after.event_id, None);
    assert!(after.stopped);
    assert_eq!(after.rev, 3);
    assert!(store.delete_reminder(stored.id).await.unwrap());
    assert!(!store.update_reminder(&after).await.unwrap(), "gone");
}

async fn of_two_concurrent_updates_with_one_rev_exactly_one_wins(db: &Db) {
    let (a, b) = (db.open().await, db.open().await);
    let stored = insert(&a, &reminder(GUILD)).await;
    for round in 0..10 {
        let current = fetch(&a, stored.id).await;
        let (mut ea, mut eb) = (current.clone(), current.clone());
        ea.channel_name = format!("a{round}");
        eb.channel_name = format!("b{round}");
        let (ra, rb) = tokio::join!(a.update_reminder(&ea), b.update_reminder(&eb));
        let (ra, rb) = (ra.unwrap(), rb.unwrap());
        assert!(ra != rb, "round {round}: exactly one wins ({ra} {rb})");
        let after = fetch(&a, stored.id).await;
        assert_eq!(after.rev, current.rev + 1);
        assert_eq!(
            &after.channel_name,
            if ra {
                &ea.channel_name
            } else {
                &eb.channel_name
            }
        );
    }
}

async fn delete_reminder_takes_its_fires_and_says_whether_it_was_there(db: &Db) {
    let store = db.open().await;
    let r = insert(&store, &reminder(GUILD)).await;
    let other = insert(&store, &reminder(GUILD)).await;
    let day = r.next_fire_date.unwrap();
    store
        .claim_reminder_fire(&claim(&r, t0(), 60, "a"))
        .await
        .unwrap();
    store
        .claim_reminder_fire(&claim(&other, t0(), 60, "a"))
        .await
        .unwrap();
    for r in [&r, &other] {
        store.set_reminder_place(r.id, "floor").await.unwrap();
        store
            .set_reminder_rotation(r.id, "2026-11-24:cat-cow")
            .await
            .unwrap();
    }
    assert!(store.reminder_fire(r.id, day).await.unwrap().is_some());
    assert!(store.delete_reminder(r.id).await.unwrap());
    assert!(!store.delete_reminder(r.id).await.unwrap(), "already gone");
    assert_eq!(store.reminder_by_id(r.id).await.unwrap(), None);
    assert_eq!(store.reminder_fire(r.id, day).await.unwrap(), None);
    assert_eq!(
        store.reminder_prompt(r.id).await.unwrap(),
        None,
        "the prompt's place and rotation go with it"
    );
    // A fire that was picking the stretch as the reminder went must not bring the row back.
    store
        .set_reminder_rotation(r.id, "2026-11-25:wrist-stretch")
        .await
        .unwrap();
    store.set_reminder_place(r.id, "desk").await.unwrap();
    assert_eq!(store.reminder_prompt(r.id).await.unwrap(), None);
    assert!(
        store.reminder_prompt(other.id).await.unwrap().is_some(),
        "another reminder's place stays"
    );
    assert!(
        store.reminder_fire(other.id, day).await.unwrap().is_some(),
        "another reminder's fire stays"
    );
}

async fn due_reminders_and_the_earliest_fire_skip_inactive_ones_in_time_order(db: &Db) {
    let store = db.open().await;
    assert_eq!(
        store
            .earliest_reminder_fire(&ShardSet::everything())
            .await
            .unwrap(),
        None
    );
    let at = |s: &str| {
        let mut r = reminder(GUILD);
        r.next_fire_at = Some(utc(s));
        r
    };
    let late = insert(&store, &at("2026-11-25T09:00:00Z")).await;
    let early = insert(&store, &at("2026-11-25T07:00:00Z")).await;
    let mid = insert(&store, &at("2026-11-25T08:00:00Z")).await;
    let future = insert(&store, &at("2026-11-26T08:00:00Z")).await;
    for (mut inactive, field) in [
        (at("2026-11-25T06:00:00Z"), "paused"),
        (at("2026-11-25T06:00:00Z"), "flagged"),
        (at("2026-11-25T06:00:00Z"), "stopped"),
    ] {
        match field {
            "paused" => inactive.paused = true,
            "flagged" => inactive.flagged = Some("gone".into()),
            _ => inactive.stopped = true,
        }
        insert(&store, &inactive).await;
    }
    let mut unarmed = reminder(GUILD);
    unarmed.next_fire_at = None;
    unarmed.next_fire_date = None;
    insert(&store, &unarmed).await;

    assert_eq!(
        store
            .earliest_reminder_fire(&ShardSet::everything())
            .await
            .unwrap(),
        Some(utc("2026-11-25T07:00:00Z"))
    );
    let now = utc("2026-11-25T09:00:00Z");
    let ids = |rows: Vec<ReminderRow>| rows.into_iter().map(|r| r.id).collect::<Vec<_>>();
    assert_eq!(
        ids(store
            .due_reminders(now, 10, &ShardSet::everything())
            .await
            .unwrap()),
        [early.id, mid.id, late.id],
        "due at or before now, earliest first"
    );
    assert_eq!(
        ids(store
            .due_reminders(now, 2, &ShardSet::everything())
            .await
            .unwrap()),
        [early.id, mid.id]
    );
    assert_eq!(
        ids(store
            .due_reminders(utc("2026-11-25T06:59:59.999Z"), 10, &ShardSet::everything())
            .await
            .unwrap()),
        []
    );
    assert!(!ids(store
        .due_reminders(now, 10, &ShardSet::everything())
        .await
        .unwrap())
    .contains(&future.id));
}

async fn a_renewed_claim_holds_past_its_first_lease_and_only_its_holder_renews(db: &Db) {
    let (a, b) = (db.open().await, db.open().await);
    let r = insert(&a, &reminder(GUILD)).await;
    let day = r.next_fire_date.unwrap();
    let now = utc("2026-11-25T08:00:00Z");
    assert!(matches!(
        a.claim_reminder_fire(&claim(&r, now, 60, "one"))
            .await
            .unwrap(),
        ClaimOutcome::Claimed { attempt: 1, .. }
    ));
    let renewal = |by: &str, attempt: u32, secs: i64| FireRenewal {
        reminder_id: r.id,
        local_date: day,
        claimed_by: by.into(),
        attempt,
        until: now + Duration::seconds(secs),
    };
    assert!(
        !b.renew_fire_claim(&renewal("two", 1, 120)).await.unwrap(),
        "not its claim"
    );
    assert!(
        !a.renew_fire_claim(&renewal("one", 2, 120)).await.unwrap(),
        "not that attempt"
    );
    assert!(a.renew_fire_claim(&renewal("one", 1, 120)).await.unwrap());
    let later = now + Duration::seconds(90);
    assert_eq!(
        b.claim_reminder_fire(&claim(&r, later, 60, "two"))
            .await
            .unwrap(),
        ClaimOutcome::Busy,
        "renewed to 120 s"
    );
    let much_later = now + Duration::seconds(121);
    assert!(matches!(
        b.claim_reminder_fire(&claim(&r, much_later, 60, "two"))
            .await
            .unwrap(),
        ClaimOutcome::Claimed { attempt: 2, .. }
    ));
    assert!(
        !a.renew_fire_claim(&renewal("one", 1, 300)).await.unwrap(),
        "taken over: the old claimer cannot renew"
    );
}

async fn a_claim_owns_a_fire_until_its_lease_ends_then_can_be_taken_over(db: &Db) {
    let (a, b) = (db.open().await, db.open().await);
    let r = insert(&a, &reminder(GUILD)).await;
    let day = r.next_fire_date.unwrap();
    let now = utc("2026-11-25T08:00:00Z");
    assert_eq!(
        a.claim_reminder_fire(&claim(&r, now, 60, "one"))
            .await
            .unwrap(),
        ClaimOutcome::Claimed {
            attempt: 1,
            first_claimed_at: now
        }
    );
    let held = fetch(&a, r.id).await;
    assert_eq!(
        held.next_fire_at,
        Some(now + Duration::seconds(60)),
        "the pending fire moves to the lease end"
    );
    assert_eq!(held.next_fire_date, Some(day));
    assert_eq!(held.rev, r.rev, "a claim is no edit");
    let fire = a.reminder_fire(r.id, day).await.unwrap().unwrap();
    assert_eq!(
        (
            fire.status,
            fire.attempts,
            fire.claimed_by.as_str(),
            fire.guild_id
        ),
        (FireStatus::Claimed, 1, "one", GUILD)
    );

    // Another process inside the lease: busy.
    let soon = now + Duration::seconds(10);
    assert_eq!(
        b.claim_reminder_fire(&claim(&r, soon, 60, "two"))
            .await
            .unwrap(),
        ClaimOutcome::Busy
    );
    // The claimer vanished: after the lease it is taken over, attempt 2.
    let after = now + Duration::seconds(61);
    assert_eq!(
        b.claim_reminder_fire(&claim(&r, after, 60, "two"))
            .await
            .unwrap(),
        ClaimOutcome::Claimed {
            attempt: 2,
            first_claimed_at: now
        },
        "a take-over knows when the fire was first claimed"
    );
    // The first claimer answers late: its claim was lost, nothing is written.
    assert!(!a
        .finish_reminder_fire(&done(&r, FireStatus::Failed, after, "one", 1))
        .await
        .unwrap());
    let fire = b.reminder_fire(r.id, day).await.unwrap().unwrap();
    assert_eq!((fire.attempts, fire.claimed_by.as_str()), (2, "two"));

    let mut posted = done(&r, FireStatus::Posted, after, "two", 2);
    posted.message_id = Some(MessageId::new(555));
    assert!(b.finish_reminder_fire(&posted).await.unwrap());
    let fire = a.reminder_fire(r.id, day).await.unwrap().unwrap();
    assert_eq!(
        (fire.status, fire.message_id),
        (FireStatus::Posted, Some(MessageId::new(555)))
    );
    let next = fetch(&a, r.id).await;
    assert_eq!(
        (next.next_fire_at, next.next_fire_date),
        (Some(utc("2026-11-26T08:00:00Z")), Some(date("2026-11-26")))
    );
    // Settled: nobody claims it again, however late.
    assert_eq!(
        a.claim_reminder_fire(&claim(&r, after + Duration::hours(1), 60, "one"))
            .await
            .unwrap(),
        ClaimOutcome::Settled(FireStatus::Posted)
    );
    // A settled fire is not finished again.
    let mut again = done(&r, FireStatus::Failed, after, "two", 2);
    again.message_id = None;
    assert!(!b.finish_reminder_fire(&again).await.unwrap());
    assert_eq!(
        a.reminder_fire(r.id, day).await.unwrap().unwrap().status,
        FireStatus::Posted
    );
    assert_eq!(
        a.reminder_fire(r.id, day)
            .await
            .unwrap()
            .unwrap()
            .message_id,
        Some(MessageId::new(555))
    );
    assert_eq!(
        a.reminder_fire(r.id, date("2026-11-26")).await.unwrap(),
        None
    );
}

async fn a_claim_on_a_changed_or_inactive_reminder_is_stale(db: &Db) {
    let store = db.open().await;
    let r = insert(&store, &reminder(GUILD)).await;
    let now = utc("2026-11-25T08:00:00Z");
    let mut old = claim(&r, now, 60, "a");
    old.rev = r.rev + 1;
    assert_eq!(
        store.claim_reminder_fire(&old).await.unwrap(),
        ClaimOutcome::Stale
    );
    let mut paused = r.clone();
    paused.paused = true;
    assert!(store.update_reminder(&paused).await.unwrap());
    let mut current = claim(&r, now, 60, "a");
    current.rev = r.rev + 1;
    assert_eq!(
        store.claim_reminder_fire(&current).await.unwrap(),
        ClaimOutcome::Stale,
        "paused"
    );
    let mut gone = claim(&r, now, 60, "a");
    gone.reminder_id = ReminderId::new(987_654);
    assert_eq!(
        store.claim_reminder_fire(&gone).await.unwrap(),
        ClaimOutcome::Stale
    );
    assert_eq!(
        store
            .reminder_fire(r.id, r.next_fire_date.unwrap())
            .await
            .unwrap(),
        None,
        "nothing recorded"
    );
}

async fn of_concurrent_claims_from_several_processes_exactly_one_wins(db: &Db) {
    let stores = [db.open().await, db.open().await, db.open().await];
    for day in 0..5 {
        let mut row = reminder(GUILD);
        row.next_fire_date = Some(date("2026-11-25") + Duration::days(day));
        let r = insert(&stores[0], &row).await;
        let now = utc("2026-11-25T08:00:00Z");
        let outcomes = join_all((0..9).map(|i| {
            let store = stores[i % stores.len()].clone();
            let c = claim(&r, now, 60, &format!("instance-{i}"));
            tokio::spawn(async move { store.claim_reminder_fire(&c).await.unwrap() })
        }))
        .await;
        let outcomes: Vec<ClaimOutcome> = outcomes.into_iter().map(|o| o.unwrap()).collect();
        let won = outcomes
            .iter()
            .filter(|o| matches!(o, ClaimOutcome::Claimed { attempt: 1, .. }))
            .count();
        assert_eq!(won, 1, "{outcomes:?}");
        assert!(
            outcomes.iter().all(|o| matches!(
                o,
                ClaimOutcome::Claimed { attempt: 1, .. } | ClaimOutcome::Busy
            )),
            "{outcomes:?}"
        );
    }
}

async fn a_finish_and_a_take_over_of_one_fire_at_once_both_succeed(db: &Db) {
    // The first claimer finishes just as another process takes over its expired lease: both
    // touch the reminder and its fire, and neither may fail (e.g. on a lock-order deadlock).
    let (a, b) = (db.open().await, db.open().await);
    let r = insert(&a, &reminder(GUILD)).await;
    let start = utc("2026-11-25T08:00:00Z");
    for i in 0..40 {
        let day = date("2026-11-25") + Duration::days(i);
        let first = claim(&r, start, 1, "a").with_date(day);
        assert!(matches!(
            a.claim_reminder_fire(&first).await.unwrap(),
            ClaimOutcome::Claimed { attempt: 1, .. }
        ));
        let mut posted = done(&r, FireStatus::Posted, start, "a", 1);
        posted.local_date = day;
        let late = claim(&r, start + Duration::seconds(2), 60, "b").with_date(day);
        let (finished, taken) = tokio::join!(
            a.finish_reminder_fire(&posted),
            b.claim_reminder_fire(&late)
        );
        finished.unwrap_or_else(|e| panic!("day {day}: finish: {}", crate::error::chain(&e)));
        let taken =
            taken.unwrap_or_else(|e| panic!("day {day}: claim: {}", crate::error::chain(&e)));
        assert!(
            matches!(
                taken,
                ClaimOutcome::Claimed { attempt: 2, .. }
                    | ClaimOutcome::Settled(FireStatus::Posted)
            ),
            "day {day}: {taken:?}"
        );
    }
}

async fn deleting_a_reminder_while_it_is_claimed_succeeds(db: &Db) {
    let (a, b) = (db.open().await, db.open().await);
    for i in 0..20 {
        let r = insert(&a, &reminder(GUILD)).await;
        let start = utc("2026-11-25T08:00:00Z");
        a.claim_reminder_fire(&claim(&r, start, 1, "a"))
            .await
            .unwrap();
        let late = claim(&r, start + Duration::seconds(2), 60, "b");
        let (deleted, taken) = tokio::join!(a.delete_reminder(r.id), b.claim_reminder_fire(&late));
        assert!(deleted.unwrap_or_else(|e| panic!("{i}: delete: {}", crate::error::chain(&e))));
        taken.unwrap_or_else(|e| panic!("{i}: claim: {}", crate::error::chain(&e)));
        assert_eq!(a.reminder_by_id(r.id).await.unwrap(), None);
        assert_eq!(
            a.reminder_fire(r.id, r.next_fire_date.unwrap())
                .await
                .unwrap(),
            None,
            "{i}: no fire record outlives its reminder"
        );
    }
}

async fn a_retry_waits_for_its_time_and_a_stale_finish_keeps_the_edit(db: &Db) {
    let store = db.open().await;
    let r = insert(&store, &reminder(GUILD)).await;
    let day = r.next_fire_date.unwrap();
    let now = utc("2026-11-25T08:00:00Z");
    store
        .claim_reminder_fire(&claim(&r, now, 60, "a"))
        .await
        .unwrap();
    let retry_at = now + Duration::seconds(30);
    let mut retry = done(&r, FireStatus::Retry, now + Duration::seconds(1), "a", 1);
    retry.retry_at = Some(retry_at);
    retry.next = Some((retry_at, day));
    assert!(store.finish_reminder_fire(&retry).await.unwrap());
    let fire = store.reminder_fire(r.id, day).await.unwrap().unwrap();
    assert_eq!((fire.status, fire.attempts), (FireStatus::Retry, 1));
    assert_eq!(fetch(&store, r.id).await.next_fire_at, Some(retry_at));

    // Before its time: busy, and the pending fire is not pulled earlier than the retry time.
    assert_eq!(
        store
            .claim_reminder_fire(&claim(&r, now + Duration::seconds(5), 60, "b"))
            .await
            .unwrap(),
        ClaimOutcome::Busy
    );
    assert_eq!(fetch(&store, r.id).await.next_fire_at, Some(retry_at));
    // A busy claim pushes an earlier pending fire out to the retry time.
    assert!(store
        .set_reminder_next(r.id, r.rev, Some((now, day)))
        .await
        .unwrap());
    assert_eq!(
        store
            .claim_reminder_fire(&claim(&r, now + Duration::seconds(6), 60, "b"))
            .await
            .unwrap(),
        ClaimOutcome::Busy
    );
    assert_eq!(fetch(&store, r.id).await.next_fire_at, Some(retry_at));
    // At its time: claimed again.
    assert_eq!(
        store
            .claim_reminder_fire(&claim(&r, retry_at, 60, "b"))
            .await
            .unwrap(),
        ClaimOutcome::Claimed {
            attempt: 2,
            first_claimed_at: now
        }
    );

    // An admin edits while the post is out: the finish records the fire but keeps the edit's
    // pending fire.
    let mut edit = fetch(&store, r.id).await;
    edit.time_of_day = "10:00".into();
    edit.next_fire_at = Some(utc("2026-11-26T09:00:00Z"));
    edit.next_fire_date = Some(date("2026-11-26"));
    assert!(store.update_reminder(&edit).await.unwrap());
    let mut failed = done(
        &r,
        FireStatus::Failed,
        retry_at + Duration::seconds(1),
        "b",
        2,
    );
    failed.next = Some((utc("2026-11-26T08:00:00Z"), date("2026-11-26")));
    assert!(store.finish_reminder_fire(&failed).await.unwrap());
    assert_eq!(
        store
            .reminder_fire(r.id, day)
            .await
            .unwrap()
            .unwrap()
            .status,
        FireStatus::Failed
    );
    let after = fetch(&store, r.id).await;
    assert_eq!(after.next_fire_at, Some(utc("2026-11-26T09:00:00Z")));
    assert_eq!(after.time_of_day, "10:00");
}

async fn set_reminder_next_is_compare_and_set(db: &Db) {
    let store = db.open().await;
    let r = insert(&store, &reminder(GUILD)).await;
    let next = (utc("2026-11-27T08:00:00Z"), date("2026-11-27"));
    assert!(store
        .set_reminder_next(r.id, r.rev, Some(next))
        .await
        .unwrap());
    let now = fetch(&store, r.id).await;
    assert_eq!(
        (now.next_fire_at, now.next_fire_date),
        (Some(next.0), Some(next.1))
    );
    assert_eq!(now.rev, r.rev, "no revision bump");
    assert!(store.set_reminder_next(r.id, r.rev, None).await.unwrap());
    let now = fetch(&store, r.id).await;
    assert_eq!((now.next_fire_at, now.next_fire_date), (None, None));
    assert!(!store
        .set_reminder_next(r.id, r.rev + 1, Some(next))
        .await
        .unwrap());
    assert_eq!(fetch(&store, r.id).await.next_fire_at, None);
    assert!(!store
        .set_reminder_next(ReminderId::new(987_654), 1, Some(next))
        .await
        .unwrap());
}

async fn skipping_a_fire_saves_the_row_and_the_record_together_or_neither(db: &Db) {
    let store = db.open().await;
    let r = insert(&store, &reminder(GUILD)).await;
    let day = r.next_fire_date.unwrap();
    let mut skipped = r.clone();
    skipped.next_fire_at = Some(utc("2026-11-26T08:00:00Z"));
    skipped.next_fire_date = Some(date("2026-11-26"));
    let now = utc("2026-11-24T12:00:00Z");
    assert!(store.skip_reminder_fire(&skipped, day, now).await.unwrap());
    let fire = store.reminder_fire(r.id, day).await.unwrap().unwrap();
    assert_eq!(fire.status, FireStatus::Skipped);
    let after = fetch(&store, r.id).await;
    assert_eq!(after.next_fire_date, Some(date("2026-11-26")));
    assert_eq!(after.rev, r.rev + 1);
    assert_eq!(
        store
            .claim_reminder_fire(
                &claim(&after, utc("2026-11-25T08:00:00Z"), 60, "a").with_date(day)
            )
            .await
            .unwrap(),
        ClaimOutcome::Settled(FireStatus::Skipped)
    );
    // Stale: neither the row nor a record.
    let other_day = date("2026-11-27");
    let mut stale = skipped.clone();
    stale.channel_name = "stale".into();
    assert!(!store
        .skip_reminder_fire(&stale, other_day, now)
        .await
        .unwrap());
    assert_eq!(store.reminder_fire(r.id, other_day).await.unwrap(), None);
    assert_eq!(fetch(&store, r.id).await.channel_name, "stretch");
    // Skipping a day that already has a record keeps that record.
    let current = fetch(&store, r.id).await;
    assert!(store.skip_reminder_fire(&current, day, now).await.unwrap());
    assert_eq!(
        store
            .reminder_fire(r.id, day)
            .await
            .unwrap()
            .unwrap()
            .status,
        FireStatus::Skipped
    );
}

trait WithDate {
    fn with_date(self, day: NaiveDate) -> Self;
}

impl WithDate for FireClaim {
    fn with_date(mut self, day: NaiveDate) -> Self {
        self.local_date = day;
        self
    }
}

async fn setting_the_event_does_not_bump_the_revision(db: &Db) {
    let store = db.open().await;
    let r = insert(&store, &reminder(GUILD)).await;
    store
        .set_reminder_event(r.id, Some(1_300_000_000_000_000_000))
        .await
        .unwrap();
    let now = fetch(&store, r.id).await;
    assert_eq!(now.event_id, Some(1_300_000_000_000_000_000));
    assert_eq!(now.rev, r.rev);
    store.set_reminder_event(r.id, None).await.unwrap();
    assert_eq!(fetch(&store, r.id).await.event_id, None);
}

async fn a_prompt_place_and_rotation_are_kept_apart_without_bumping_the_revision(db: &Db) {
    use crate::store::PromptRow;
    let store = db.open().await;
    let r = insert(&store, &reminder(GUILD)).await;
    assert_eq!(store.reminder_prompt(r.id).await.unwrap(), None);
    // A rotation written first (a reminder made before places) reads as `any`.
    store
        .set_reminder_rotation(r.id, "2026-12-01:cat-cow")
        .await
        .unwrap();
    let row = store.reminder_prompt(r.id).await.unwrap().unwrap();
    assert_eq!(row.place, "any");
    store.set_reminder_place(r.id, "desk").await.unwrap();
    store
        .set_reminder_rotation(r.id, "2026-12-02:wrist-stretch,neck-side-stretch")
        .await
        .unwrap();
    assert_eq!(
        store.reminder_prompt(r.id).await.unwrap(),
        Some(PromptRow {
            place: "desk".into(),
            rotation: "2026-12-02:wrist-stretch,neck-side-stretch".into(),
        }),
        "each write keeps the other column"
    );
    assert_eq!(
        fetch(&store, r.id).await.rev,
        r.rev,
        "a fire's claim stays valid"
    );
    assert!(
        store.set_reminder_place(r.id, "garden").await.is_err(),
        "an unknown place is refused by the schema"
    );
    let other = insert(&store, &reminder(GUILD)).await;
    assert_eq!(store.reminder_prompt(other.id).await.unwrap(), None);
    store.set_reminder_place(other.id, "floor").await.unwrap();
    let elsewhere = insert(&store, &reminder(OTHER_GUILD)).await;
    store.set_reminder_place(elsewhere.id, "any").await.unwrap();
    assert_eq!(
        store.guild_reminder_places(GUILD).await.unwrap(),
        vec![(r.id, "desk".into()), (other.id, "floor".into())],
        "one server's places, by reminder"
    );
}

async fn stopping_a_server_stops_its_active_reminders_once(db: &Db) {
    let store = db.open().await;
    let a = insert(&store, &reminder(GUILD)).await;
    let b = insert(&store, &reminder(GUILD)).await;
    let other = insert(&store, &reminder(OTHER_GUILD)).await;
    let now = t0() + Duration::hours(1);
    assert_eq!(store.stop_guild_reminders(GUILD, now).await.unwrap(), 2);
    for r in [&a, &b] {
        let stopped = fetch(&store, r.id).await;
        assert!(stopped.stopped);
        assert_eq!((stopped.next_fire_at, stopped.next_fire_date), (None, None));
        assert_eq!(
            stopped.rev,
            r.rev + 1,
            "an in-flight fire must not write back"
        );
        assert_eq!(stopped.updated_at, now);
    }
    assert_eq!(store.stop_guild_reminders(GUILD, now).await.unwrap(), 0);
    assert_eq!(fetch(&store, other.id).await, other);
    assert_eq!(
        store
            .due_reminders(utc("2027-01-01T00:00:00Z"), 10, &ShardSet::everything())
            .await
            .unwrap()
            .len(),
        1
    );
}

async fn reminders_to_repair_are_the_unarmed_and_the_eventless_group_ones(db: &Db) {
    let store = db.open().await;
    insert(&store, &reminder(GUILD)).await; // armed prompt: fine
    let mut unarmed = reminder(GUILD);
    unarmed.next_fire_at = None;
    unarmed.next_fire_date = None;
    let unarmed = insert(&store, &unarmed).await;
    let mut group = reminder(GUILD);
    group.kind = "group".into();
    group.event_enabled = true;
    let group = insert(&store, &group).await;
    let mut with_event = reminder(GUILD);
    with_event.kind = "group".into();
    with_event.event_enabled = true;
    let with_event = insert(&store, &with_event).await;
    store
        .set_reminder_event(with_event.id, Some(77))
        .await
        .unwrap();
    let mut paused = reminder(GUILD);
    paused.paused = true;
    paused.next_fire_at = None;
    insert(&store, &paused).await;
    let mut stopped = reminder(GUILD);
    stopped.stopped = true;
    stopped.next_fire_at = None;
    insert(&store, &stopped).await;
    let mut flagged = reminder(GUILD);
    flagged.flagged = Some("gone".into());
    flagged.next_fire_at = None;
    insert(&store, &flagged).await;

    let ids: Vec<ReminderId> = store
        .reminders_to_repair(10, &ShardSet::everything())
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(ids, [unarmed.id, group.id], "by id");
    assert_eq!(
        store
            .reminders_to_repair(1, &ShardSet::everything())
            .await
            .unwrap()
            .len(),
        1
    );
}

async fn old_fire_records_are_purged_by_date(db: &Db) {
    let store = db.open().await;
    let r = insert(&store, &reminder(GUILD)).await;
    for day in ["2026-11-20", "2026-11-21", "2026-11-22"] {
        let mut c = claim(&r, t0(), 60, "a");
        c.local_date = date(day);
        store.claim_reminder_fire(&c).await.unwrap();
    }
    assert_eq!(
        store
            .purge_reminder_fires_before(date("2026-11-22"))
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        store.reminder_fire(r.id, date("2026-11-21")).await.unwrap(),
        None
    );
    assert!(store
        .reminder_fire(r.id, date("2026-11-22"))
        .await
        .unwrap()
        .is_some());
    assert_eq!(
        store
            .purge_reminder_fires_before(date("2026-11-22"))
            .await
            .unwrap(),
        0
    );
}

// ----- several copies --------------------------------------------------------------------------

fn lease(instance: &str, now_secs: i64, for_secs: i64) -> LeaseRequest {
    let t0 = utc("2026-12-01T10:00:00Z");
    LeaseRequest {
        shard: ShardKey { id: 0, count: 1 },
        instance: instance.into(),
        now: t0 + Duration::seconds(now_secs),
        until: t0 + Duration::seconds(now_secs + for_secs),
    }
}

async fn a_shard_lease_has_one_holder_until_it_expires_or_is_released(db: &Db) {
    let store = db.open().await;
    assert!(store.take_lease(&lease("a", 0, 15)).await.unwrap());
    assert!(!store.take_lease(&lease("b", 5, 15)).await.unwrap());
    assert!(
        store.take_lease(&lease("a", 5, 15)).await.unwrap(),
        "renewal"
    );
    assert!(!store.take_lease(&lease("b", 19, 15)).await.unwrap());
    assert!(
        store.take_lease(&lease("b", 20, 15)).await.unwrap(),
        "expired at 20"
    );
    assert!(!store.take_lease(&lease("a", 21, 15)).await.unwrap());
    let shard = ShardKey { id: 0, count: 1 };
    store.release_lease(shard, "a").await.unwrap();
    assert!(
        !store.take_lease(&lease("a", 22, 15)).await.unwrap(),
        "only the holder releases"
    );
    store.release_lease(shard, "b").await.unwrap();
    assert!(
        store.take_lease(&lease("a", 23, 15)).await.unwrap(),
        "released"
    );
}

/// Servers are assigned to shards by the count, so while a process holds a live lease under
/// one count, nobody takes one under another (a rolling change of the count waits for the old
/// processes); the same count's other shards stay free.
async fn a_lease_under_another_shard_count_waits_for_the_old_counts_leases(db: &Db) {
    let store = db.open().await;
    let under = |id, count, instance: &str, at| LeaseRequest {
        shard: ShardKey { id, count },
        ..lease(instance, at, 15)
    };
    assert!(store.take_lease(&under(0, 2, "old", 0)).await.unwrap());
    assert!(
        store.take_lease(&under(1, 2, "old-2", 0)).await.unwrap(),
        "the same count's other shard is free"
    );
    assert!(
        !store.take_lease(&under(0, 4, "new", 5)).await.unwrap(),
        "not while the count-2 leases live"
    );
    assert!(!store.take_lease(&under(3, 4, "new", 5)).await.unwrap());
    store
        .release_lease(ShardKey { id: 0, count: 2 }, "old")
        .await
        .unwrap();
    assert!(
        !store.take_lease(&under(0, 4, "new", 6)).await.unwrap(),
        "old-2 still holds shard 1 of 2"
    );
    assert!(
        store.take_lease(&under(0, 4, "new", 16)).await.unwrap(),
        "old-2's lease ended at 15"
    );
    assert!(
        store.take_lease(&under(0, 4, "new", 17)).await.unwrap(),
        "its renewal"
    );
    assert!(
        !store.take_lease(&under(1, 2, "old-2", 18)).await.unwrap(),
        "and now the old count waits"
    );
}

async fn of_standbys_racing_for_an_expired_lease_exactly_one_wins(db: &Db) {
    let stores = [db.open().await, db.open().await, db.open().await];
    assert!(stores[0].take_lease(&lease("old", 0, 15)).await.unwrap());
    for round in 0..5i64 {
        let at = 20 + round * 20;
        let won = join_all((0..6).map(|i| {
            let store = stores[i % stores.len()].clone();
            let req = lease(&format!("standby-{round}-{i}"), at, 15);
            tokio::spawn(async move { store.take_lease(&req).await.unwrap() })
        }))
        .await
        .into_iter()
        .filter(|w| *w.as_ref().unwrap())
        .count();
        assert_eq!(won, 1, "round {round}");
    }
}

async fn an_interaction_is_claimed_once_and_old_claims_are_purged(db: &Db) {
    let (a, b) = (db.open().await, db.open().await);
    let t = utc("2026-12-01T10:00:00Z");
    let id = 1_300_000_000_000_000_001u64;
    let (ra, rb) = tokio::join!(
        a.claim_interaction(id, "a", t),
        b.claim_interaction(id, "b", t)
    );
    assert!(ra.unwrap() != rb.unwrap(), "exactly one copy acts");
    assert!(!a.claim_interaction(id, "a", t).await.unwrap());
    assert!(a
        .claim_interaction(id + 1, "a", t + Duration::minutes(20))
        .await
        .unwrap());
    assert_eq!(
        a.purge_interaction_claims_before(t + Duration::minutes(15))
            .await
            .unwrap(),
        1
    );
    assert!(
        b.claim_interaction(id, "b", t + Duration::minutes(30))
            .await
            .unwrap(),
        "forgotten after the purge"
    );
    assert!(!b
        .claim_interaction(id + 1, "b", t + Duration::minutes(30))
        .await
        .unwrap());
}

/// A process that owns some shards resumes, fires and repairs only their servers: the shard
/// of a server is `(id >> 22) % count`, computed in SQL, for any count.
async fn the_scanning_queries_see_only_the_servers_of_the_given_shards(db: &Db) {
    let store = db.open().await;
    // Real-looking snowflakes: shard k of 4 has (id >> 22) % 4 == k.
    let guild_of = |shard: u64| GuildId::new(((1_000_000 + shard) << 22) | 0x2A_BCDE);
    for shard in 0..4u64 {
        let mut s = session(&format!("s{shard}"), 100 + shard, t0());
        s.guild_id = guild_of(shard);
        store.insert_session(&s).await.unwrap();
        let mut due = reminder(guild_of(shard));
        due.next_fire_at = Some(t0() + Duration::minutes(shard as i64));
        insert(&store, &due).await;
        let mut unarmed = reminder(guild_of(shard));
        unarmed.next_fire_at = None;
        unarmed.next_fire_date = None;
        insert(&store, &unarmed).await;
    }
    let later = t0() + Duration::hours(1);
    let ours = ShardSet::new(4, [1, 3]);
    let guilds = |rows: Vec<ReminderRow>| rows.into_iter().map(|r| r.guild_id).collect::<Vec<_>>();
    assert_eq!(
        guilds(store.due_reminders(later, 10, &ours).await.unwrap()),
        [guild_of(1), guild_of(3)]
    );
    assert_eq!(
        store.earliest_reminder_fire(&ours).await.unwrap(),
        Some(t0() + Duration::minutes(1)),
        "shard 0's earlier fire is another process's"
    );
    assert_eq!(
        guilds(store.reminders_to_repair(10, &ours).await.unwrap()),
        [guild_of(1), guild_of(3)]
    );
    let sessions: Vec<GuildId> = store
        .active_sessions(&ours)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.guild_id)
        .collect();
    assert_eq!(sessions, [guild_of(1), guild_of(3)]);

    // Another count needs no migration: with 2 shards, shard 1 holds the odd ones.
    assert_eq!(
        guilds(
            store
                .due_reminders(later, 10, &ShardSet::new(2, [1]))
                .await
                .unwrap()
        ),
        [guild_of(1), guild_of(3)]
    );
    // Owning nothing sees nothing; owning all sees all.
    let none = ShardSet::new(4, []);
    assert!(store
        .due_reminders(later, 10, &none)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(store.earliest_reminder_fire(&none).await.unwrap(), None);
    assert!(store.active_sessions(&none).await.unwrap().is_empty());
    assert_eq!(
        store
            .due_reminders(later, 10, &ShardSet::new(4, 0..4))
            .await
            .unwrap()
            .len(),
        4
    );
}

// --- check-ins ---

const ALICE: UserId = UserId::new(1_100_000_000_000_000_013);
const BOB: UserId = UserId::new(7);

fn prompt_source(reminder: u64, day: &str) -> CheckinSource {
    CheckinSource::Prompt {
        reminder_id: ReminderId::new(reminder),
        local_date: date(day),
    }
}

fn checkin(
    user: UserId,
    guild: Option<GuildId>,
    source: CheckinSource,
    at: DateTime<Utc>,
) -> CheckIn {
    CheckIn {
        user_id: user,
        guild_id: guild,
        source,
        at,
        minutes: 3,
    }
}

async fn a_checkin_counts_once_per_person_and_source(db: &Db) {
    let store = db.open().await;
    let source = prompt_source(5, "2026-11-24");
    assert!(store
        .record_checkin(&checkin(ALICE, Some(GUILD), source.clone(), t0()))
        .await
        .unwrap());
    assert!(
        !store
            .record_checkin(&checkin(
                ALICE,
                Some(GUILD),
                source.clone(),
                t0() + Duration::seconds(2)
            ))
            .await
            .unwrap(),
        "a second press is not a second check-in"
    );
    assert!(store
        .record_checkin(&checkin(BOB, Some(GUILD), source.clone(), t0()))
        .await
        .unwrap());
    assert_eq!(store.count_checkins(&source).await.unwrap(), 2);
    assert_eq!(
        store
            .count_checkins(&prompt_source(5, "2026-11-25"))
            .await
            .unwrap(),
        0,
        "another day's prompt is another source"
    );
    let kept = store
        .user_checkins(ALICE, t0() - Duration::days(1))
        .await
        .unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].at, t0(), "the first press is the one kept");
}

async fn checkins_read_back_by_person_and_by_server_from_a_time_on(db: &Db) {
    let store = db.open().await;
    let session = CheckinSource::Session {
        session_id: "s1".into(),
    };
    let nudge = CheckinSource::Nudge {
        slot: "2026-11-24T09:00".into(),
    };
    let rows = [
        checkin(
            ALICE,
            Some(GUILD),
            prompt_source(5, "2026-11-23"),
            t0() - Duration::days(1),
        ),
        checkin(ALICE, Some(GUILD), session.clone(), t0()),
        checkin(ALICE, None, nudge.clone(), t0() + Duration::hours(1)),
        checkin(BOB, Some(OTHER_GUILD), session.clone(), t0()),
    ];
    for row in &rows {
        assert!(store.record_checkin(row).await.unwrap());
    }
    let alice = store.user_checkins(ALICE, t0()).await.unwrap();
    assert_eq!(
        alice,
        vec![rows[1].clone(), rows[2].clone()],
        "oldest first, from `since` on"
    );
    let all = store
        .user_checkins(ALICE, t0() - Duration::days(30))
        .await
        .unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(all[2].guild_id, None, "a DM nudge has no server");
    let guild = store
        .guild_checkins(GUILD, t0() - Duration::days(30))
        .await
        .unwrap();
    assert_eq!(guild, vec![rows[0].clone(), rows[1].clone()]);
    let other = store.guild_checkins(OTHER_GUILD, t0()).await.unwrap();
    assert_eq!(other, vec![rows[3].clone()]);
}

async fn stats_sharing_is_per_server_and_can_be_turned_off(db: &Db) {
    let store = db.open().await;
    assert!(store.stats_sharers(GUILD).await.unwrap().is_empty());
    store.set_stats_sharing(ALICE, GUILD, true).await.unwrap();
    store.set_stats_sharing(ALICE, GUILD, true).await.unwrap();
    store.set_stats_sharing(BOB, GUILD, true).await.unwrap();
    store
        .set_stats_sharing(BOB, OTHER_GUILD, true)
        .await
        .unwrap();
    assert_eq!(store.stats_sharers(GUILD).await.unwrap(), vec![BOB, ALICE]);
    store.set_stats_sharing(BOB, GUILD, false).await.unwrap();
    store.set_stats_sharing(BOB, GUILD, false).await.unwrap();
    assert_eq!(store.stats_sharers(GUILD).await.unwrap(), vec![ALICE]);
    assert_eq!(store.stats_sharers(OTHER_GUILD).await.unwrap(), vec![BOB]);
}

async fn forgetting_a_person_leaves_no_row_about_them_and_keeps_the_others(db: &Db) {
    let store = db.open().await;
    let source = prompt_source(5, "2026-11-24");
    store
        .record_checkin(&checkin(ALICE, Some(GUILD), source.clone(), t0()))
        .await
        .unwrap();
    store
        .record_checkin(&checkin(
            ALICE,
            None,
            CheckinSource::Nudge { slot: "x".into() },
            t0(),
        ))
        .await
        .unwrap();
    store
        .record_checkin(&checkin(BOB, Some(GUILD), source.clone(), t0()))
        .await
        .unwrap();
    store.set_stats_sharing(ALICE, GUILD, true).await.unwrap();
    store.set_stats_sharing(BOB, GUILD, true).await.unwrap();
    assert_eq!(store.forget_person(ALICE).await.unwrap(), 3);
    let long_ago = t0() - Duration::days(3650);
    assert!(store
        .user_checkins(ALICE, long_ago)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(store.stats_sharers(GUILD).await.unwrap(), vec![BOB]);
    assert_eq!(
        store.count_checkins(&source).await.unwrap(),
        1,
        "Bob's stays"
    );
    assert_eq!(store.forget_person(ALICE).await.unwrap(), 0, "nothing left");
}

async fn old_checkins_are_purged_and_a_removed_servers_go_with_it(db: &Db) {
    let store = db.open().await;
    let old = checkin(
        ALICE,
        Some(GUILD),
        prompt_source(5, "2026-01-01"),
        t0() - Duration::days(400),
    );
    let recent = checkin(ALICE, Some(GUILD), prompt_source(5, "2026-11-24"), t0());
    let elsewhere = checkin(BOB, Some(OTHER_GUILD), prompt_source(6, "2026-11-24"), t0());
    for row in [&old, &recent, &elsewhere] {
        store.record_checkin(row).await.unwrap();
    }
    assert_eq!(
        store
            .purge_checkins_before(t0() - Duration::days(30))
            .await
            .unwrap(),
        1
    );
    let long_ago = t0() - Duration::days(3650);
    assert_eq!(
        store.user_checkins(ALICE, long_ago).await.unwrap(),
        vec![recent]
    );
    store
        .set_stats_sharing(BOB, OTHER_GUILD, true)
        .await
        .unwrap();
    store
        .set_guild_removed(OTHER_GUILD, Some(t0() - Duration::days(40)))
        .await
        .unwrap();
    assert_eq!(
        store
            .purge_removed_before(t0() - Duration::days(30))
            .await
            .unwrap(),
        1
    );
    assert!(store
        .guild_checkins(OTHER_GUILD, long_ago)
        .await
        .unwrap()
        .is_empty());
    assert!(store.stats_sharers(OTHER_GUILD).await.unwrap().is_empty());
}
