//! A scheduled-events port that records each call and answers with made-up event ids.

use std::sync::{
    atomic::{AtomicU64, Ordering},
    Mutex,
};

use async_trait::async_trait;

use crate::{
    ids::GuildId,
    reminders::{EventError, EventSpec, EventsPort},
};

#[derive(Debug, Clone, PartialEq)]
pub enum EventCall {
    Create(GuildId, EventSpec),
    Update(GuildId, u64, EventSpec),
    Delete(GuildId, u64),
}

#[derive(Default)]
pub struct RecordingEvents {
    calls: Mutex<Vec<EventCall>>,
    next_id: AtomicU64,
}

impl RecordingEvents {
    pub fn calls(&self) -> Vec<EventCall> {
        self.calls.lock().unwrap().clone()
    }

    fn push(&self, call: EventCall) {
        self.calls.lock().unwrap().push(call);
    }
}

#[async_trait]
impl EventsPort for RecordingEvents {
    async fn create(&self, guild_id: GuildId, event: &EventSpec) -> Result<u64, EventError> {
        self.push(EventCall::Create(guild_id, event.clone()));
        Ok(9_000 + self.next_id.fetch_add(1, Ordering::SeqCst))
    }

    async fn update(
        &self,
        guild_id: GuildId,
        id: u64,
        event: &EventSpec,
    ) -> Result<(), EventError> {
        self.push(EventCall::Update(guild_id, id, event.clone()));
        Ok(())
    }

    async fn delete(&self, guild_id: GuildId, id: u64) -> Result<(), EventError> {
        self.push(EventCall::Delete(guild_id, id));
        Ok(())
    }
}
