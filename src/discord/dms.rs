//! Opening a DM channel with a person through the one sending layer, for nudges
//! ([`crate::nudges::DmOpener`]): `POST /users/@me/channels`, in the background lane.

use async_trait::async_trait;
use reqwest::Method;
use serde_json::{json, Value};

use super::Sender;
use crate::{
    ids::{ChannelId, UserId},
    nudges::DmOpener,
    post::{Lane, PostError},
};

#[async_trait]
impl DmOpener for Sender {
    async fn open_dm(&self, user_id: UserId) -> Result<ChannelId, PostError> {
        let body = json!({ "recipient_id": user_id.get().to_string() });
        let channel = self
            .json(
                Lane::Background,
                Method::POST,
                "/users/@me/channels",
                0,
                Some(body),
            )
            .await?;
        channel
            .get("id")
            .and_then(Value::as_str)
            .and_then(|s| s.parse::<u64>().ok())
            .map(ChannelId::new)
            .ok_or_else(|| PostError::Unavailable("Discord's DM channel answer had no id".into()))
    }
}
