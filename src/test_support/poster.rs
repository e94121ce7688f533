//! A recording [`Poster`]: every post and edit is logged with its lane, channel, message and
//! time; posts are de-duplicated by nonce as Discord's `enforce_nonce` does; a message outside
//! Discord's limits is refused as Discord would. How each attempt is answered is up to the test:
//! a rule (sleep, fail, panic, deliver and never answer) and one-off or standing failures per
//! channel.

use std::{
    collections::{HashMap, VecDeque},
    sync::{
        atomic::{AtomicU64, Ordering},
        Mutex,
    },
    time::Duration,
};

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::{
    clock::SharedClock,
    ids::{ChannelId, MessageId},
    limits::check_message,
    message::OutMessage,
    post::{Edit, Lane, Post, PostError, Poster},
};

/// How the poster answers one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Behave {
    Ok,
    /// Answers after this long (on tokio's clock).
    Sleep(Duration),
    /// Fails with this error after this long (on tokio's clock): a slow send that ends badly.
    SleepThenFail(Duration, PostError),
    Fail(PostError),
    Panic,
    /// Discord got it, but the answer never comes (the bot dies waiting).
    DeliverThenHang,
    /// Delivered, but the 2xx answer could not be read: posted, id unknown.
    IdUnknown,
}

type Rule = Box<dyn Fn(&Sent) -> Behave + Send + Sync>;

/// One attempt as the poster saw it.
#[derive(Debug, Clone)]
pub struct Sent {
    /// The clock's reading when the attempt came in.
    pub at: DateTime<Utc>,
    /// Milliseconds since the poster was made, by the clock.
    pub at_ms: u64,
    pub lane: Lane,
    pub channel: ChannelId,
    /// The message edited; `None` for a post.
    pub edit_of: Option<MessageId>,
    pub message: OutMessage,
    /// The poster answered Ok.
    pub ok: bool,
    /// A new message appeared in the channel (false: an edit, refused, or de-duplicated by nonce).
    pub delivered: bool,
}

impl Sent {
    /// The last part of the nonce (the event index, `lobby`, ...), or "edit" without one.
    pub fn suffix(&self) -> String {
        match &self.message.nonce {
            Some(n) => n.rsplit_once('-').map_or(n.clone(), |(_, s)| s.to_owned()),
            None => "edit".to_owned(),
        }
    }

    pub fn first_line(&self) -> &str {
        self.message.content.lines().next().unwrap_or("")
    }
}

pub struct RecordingPoster {
    clock: SharedClock,
    epoch: DateTime<Utc>,
    log: Mutex<Vec<Sent>>,
    nonces: Mutex<HashMap<String, MessageId>>,
    next_id: AtomicU64,
    rule: Mutex<Rule>,
    fail_next: Mutex<HashMap<ChannelId, VecDeque<PostError>>>,
    fail_always: Mutex<HashMap<ChannelId, PostError>>,
}

impl RecordingPoster {
    /// Times attempts by `clock`, from its reading now; answers Ok until told otherwise.
    pub fn new(clock: SharedClock) -> Self {
        Self {
            epoch: clock.now(),
            clock,
            log: Mutex::default(),
            nonces: Mutex::default(),
            next_id: AtomicU64::new(7_000),
            rule: Mutex::new(Box::new(|_| Behave::Ok)),
            fail_next: Mutex::default(),
            fail_always: Mutex::default(),
        }
    }

    /// How to answer each attempt from now on.
    pub fn set_rule(&self, rule: impl Fn(&Sent) -> Behave + Send + Sync + 'static) {
        *self.rule.lock().unwrap() = Box::new(rule);
    }

    /// The next attempt in `channel` fails with `e`.
    pub fn fail_once(&self, channel: ChannelId, e: PostError) {
        self.fail_next
            .lock()
            .unwrap()
            .entry(channel)
            .or_default()
            .push_back(e);
    }

    /// Every attempt in `channel` fails with `e`.
    pub fn fail_always(&self, channel: ChannelId, e: PostError) {
        self.fail_always.lock().unwrap().insert(channel, e);
    }

    /// Every attempt, in order.
    pub fn log(&self) -> Vec<Sent> {
        self.log.lock().unwrap().clone()
    }

    /// How many attempts match, without copying the log.
    pub fn count(&self, matches: impl Fn(&Sent) -> bool) -> usize {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter(|s| matches(s))
            .count()
    }

    /// Every attempt in one channel, in order.
    pub fn sent(&self, channel: ChannelId) -> Vec<Sent> {
        let log = self.log.lock().unwrap();
        log.iter()
            .filter(|s| s.channel == channel)
            .cloned()
            .collect()
    }

    /// Every post (not edit) answered Ok, de-duplicated or not.
    pub fn succeeded(&self) -> Vec<Sent> {
        let log = self.log.lock().unwrap();
        let posts = log.iter().filter(|s| s.ok && s.edit_of.is_none());
        posts.cloned().collect()
    }

    /// (channel, nonce) of every post attempt, failures included.
    pub fn attempts(&self) -> Vec<(ChannelId, Option<String>)> {
        let log = self.log.lock().unwrap();
        let posts = log.iter().filter(|s| s.edit_of.is_none());
        posts
            .map(|s| (s.channel, s.message.nonce.clone()))
            .collect()
    }

    /// How many new messages appeared, in every channel.
    pub fn delivered(&self) -> usize {
        self.count(|s| s.delivered)
    }

    /// (seconds, nonce suffix or "edit") of every attempt in a channel, in order; each on a whole
    /// second.
    pub fn timeline(&self, channel: ChannelId) -> Vec<(u64, String)> {
        self.sent(channel)
            .iter()
            .map(|s| {
                assert_eq!(s.at_ms % 1000, 0, "not on a whole second: {s:?}");
                (s.at_ms / 1000, s.suffix())
            })
            .collect()
    }

    /// The [`Self::timeline`] without the edits.
    pub fn posts(&self, channel: ChannelId) -> Vec<(u64, String)> {
        self.timeline(channel)
            .into_iter()
            .filter(|(_, k)| k != "edit")
            .collect()
    }

    fn record(
        &self,
        lane: Lane,
        channel: ChannelId,
        edit_of: Option<MessageId>,
        message: OutMessage,
    ) -> (usize, Sent) {
        let at = self.clock.now();
        let sent = Sent {
            at,
            at_ms: (at - self.epoch).num_milliseconds() as u64,
            lane,
            channel,
            edit_of,
            message,
            ok: false,
            delivered: false,
        };
        let mut log = self.log.lock().unwrap();
        log.push(sent.clone());
        (log.len() - 1, sent)
    }

    /// The rule first (it may assert on every attempt); if it answers Ok, Discord's limits, then
    /// the channel's standing and one-off failures.
    fn behave(&self, sent: &Sent) -> Behave {
        let ruled = (self.rule.lock().unwrap())(sent);
        if ruled != Behave::Ok {
            return ruled;
        }
        if let Err(e) = check_message(&sent.message) {
            return Behave::Fail(PostError::Rejected(e.to_string()));
        }
        if let Some(e) = self.fail_always.lock().unwrap().get(&sent.channel) {
            return Behave::Fail(e.clone());
        }
        let mut fail_next = self.fail_next.lock().unwrap();
        match fail_next
            .get_mut(&sent.channel)
            .and_then(VecDeque::pop_front)
        {
            Some(e) => Behave::Fail(e),
            None => Behave::Ok,
        }
    }

    /// Answers attempt `at` as told; `deliver` makes the message appear (posts only).
    async fn answer(
        &self,
        at: usize,
        sent: &Sent,
        deliver: bool,
    ) -> Result<Option<MessageId>, PostError> {
        let mut id_known = true;
        match self.behave(sent) {
            Behave::Ok => {}
            Behave::IdUnknown => id_known = false,
            Behave::Sleep(d) => tokio::time::sleep(d).await,
            Behave::SleepThenFail(d, e) => {
                tokio::time::sleep(d).await;
                return Err(e);
            }
            Behave::Fail(e) => return Err(e),
            Behave::Panic => panic!("test poster: boom in channel {}", sent.channel),
            Behave::DeliverThenHang => {
                self.deliver(at, &sent.message);
                std::future::pending::<()>().await;
            }
        }
        let id = match sent.edit_of {
            Some(id) if !deliver => id,
            _ => self.deliver(at, &sent.message),
        };
        self.log.lock().unwrap()[at].ok = true;
        Ok(id_known.then_some(id))
    }

    fn deliver(&self, at: usize, message: &OutMessage) -> MessageId {
        let mut nonces = self.nonces.lock().unwrap();
        if let Some(id) = message.nonce.as_ref().and_then(|n| nonces.get(n)) {
            return *id;
        }
        let id = MessageId::new(self.next_id.fetch_add(1, Ordering::SeqCst));
        if let Some(nonce) = &message.nonce {
            nonces.insert(nonce.clone(), id);
        }
        self.log.lock().unwrap()[at].delivered = true;
        id
    }
}

#[async_trait]
impl Poster for RecordingPoster {
    async fn post(&self, post: Post) -> Result<Option<MessageId>, PostError> {
        let (at, sent) = self.record(post.lane, post.channel_id, None, post.message);
        self.answer(at, &sent, true).await
    }

    async fn edit(&self, edit: Edit) -> Result<(), PostError> {
        let target = Some(edit.message_id);
        let (at, sent) = self.record(edit.lane, edit.channel_id, target, edit.message);
        self.answer(at, &sent, false).await.map(|_| ())
    }
}
