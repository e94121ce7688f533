//! Group reminders open their lobby through the [`SessionManager`]: the bridge between the two
//! Discord-free cores.

use std::sync::Arc;

use async_trait::async_trait;

use super::{GroupOutcome, GroupRequest, GroupStarter};
use crate::{
    error::chain,
    ids::ChannelId,
    post::PostError,
    session::{Scheduled, SessionError, SessionManager, StartRequest},
};

pub struct SessionGroups {
    sessions: Arc<SessionManager>,
}

impl SessionGroups {
    pub fn new(sessions: Arc<SessionManager>) -> Self {
        Self { sessions }
    }

    async fn running(&self, channel_id: ChannelId) -> Option<GroupOutcome> {
        let info = self.sessions.session_in_channel(channel_id).await?;
        Some(GroupOutcome::AlreadyRunning {
            link: info
                .lobby_link
                .unwrap_or_else(|| format!("<#{channel_id}>")),
        })
    }
}

#[async_trait]
impl GroupStarter for SessionGroups {
    async fn start_group(&self, request: GroupRequest) -> Result<GroupOutcome, PostError> {
        if let Some(running) = self.running(request.channel_id).await {
            return Ok(running);
        }
        let started = self
            .sessions
            .start(StartRequest {
                guild_id: request.guild_id,
                channel_id: request.channel_id,
                starter_id: None,
                routine_id: request.routine_id,
                sets: None,
                hold_secs: None,
                lobby_secs: Some(request.lobby_secs),
                scheduled: Some(Scheduled {
                    lobby_nonce: request.nonce,
                    note: request.message.filter(|m| !m.trim().is_empty()),
                    ping_role: request.ping_role_id,
                }),
                guild_locale: None,
            })
            .await;
        match started {
            Ok(s) => Ok(GroupOutcome::Started {
                lobby_message_id: s.lobby_message_id,
            }),
            Err(SessionError::ChannelGone { cause, .. }) => Err(cause),
            // Another instance or a person may have opened one in the meantime.
            Err(SessionError::User(why)) => match self.running(request.channel_id).await {
                Some(running) => Ok(running),
                None => Err(PostError::Rejected(why.to_string())),
            },
            Err(SessionError::Internal(e)) => Err(PostError::Unavailable(chain(&e))),
        }
    }
}
