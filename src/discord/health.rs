//! The health endpoint (`cluster.health_addr`, env `STRETCHBOT_HEALTH_ADDR`; off by default):
//! `GET /health` reports each shard this process runs (connected, gateway latency, servers,
//! lease held), for orchestrators' health checks. 200 when every shard is connected, 503 when
//! one is not; a standby that holds no lease is healthy.

use std::{net::SocketAddr, sync::Arc};

use anyhow::Context as _;
use axum::{extract::State, http::StatusCode, routing::get, Json, Router};
use poise::serenity_prelude as serenity;
use serde::Serialize;
use tokio_util::sync::CancellationToken;

use crate::{cluster::Leases, shards::shard_of};

/// One shard, as the endpoint reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShardHealth {
    pub id: u32,
    pub count: u32,
    /// The gateway connection is up (serenity's stage `Connected`).
    pub connected: bool,
    /// serenity's connection stage, as a word (`Connected`, `Resuming`, …).
    pub stage: String,
    /// Time from the last heartbeat to its acknowledgement; `None` before the first one.
    pub latency_ms: Option<u64>,
    /// Servers this shard carries, from serenity's cache.
    pub servers: usize,
    /// This process owns the shard now: it acts for its servers.
    pub lease_held: bool,
}

/// What `GET /health` answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub healthy: bool,
    pub instance: String,
    pub shards: Vec<ShardHealth>,
}

impl Report {
    pub fn new(instance: &str, shards: Vec<ShardHealth>) -> Self {
        Self {
            healthy: !shards.is_empty() && shards.iter().all(|s| s.connected),
            instance: instance.to_owned(),
            shards,
        }
    }

    pub fn status(&self) -> StatusCode {
        if self.healthy {
            StatusCode::OK
        } else {
            StatusCode::SERVICE_UNAVAILABLE
        }
    }
}

/// What the endpoint reads from: serenity's shard runners and cache, and the leases.
#[derive(Clone)]
pub struct Sources {
    pub shards: Arc<serenity::ShardManager>,
    pub cache: Arc<serenity::Cache>,
    pub leases: Arc<Leases>,
}

impl Sources {
    /// The state of every shard this process runs, now.
    pub async fn report(&self) -> Report {
        let count = self.leases.count();
        let mut servers = vec![0usize; count as usize];
        for guild in self.cache.guilds() {
            servers[shard_of(guild.get(), count) as usize] += 1;
        }
        let runners = self.shards.runners.lock().await;
        let shards = self
            .leases
            .iter()
            .map(|lease| {
                let id = lease.shard().id;
                let runner = runners.get(&serenity::ShardId(id));
                let stage = runner.map(|r| r.stage);
                ShardHealth {
                    id,
                    count,
                    connected: stage == Some(serenity::ConnectionStage::Connected),
                    stage: stage.map_or_else(|| "NotStarted".to_owned(), |s| format!("{s:?}")),
                    latency_ms: runner
                        .and_then(|r| r.latency)
                        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
                    servers: servers[id as usize],
                    lease_held: lease.is_owner(),
                }
            })
            .collect();
        Report::new(self.leases.instance(), shards)
    }
}

/// Binds `addr` now (a taken port fails the start-up) and serves until `stop` is cancelled.
pub async fn serve(
    addr: SocketAddr,
    sources: Sources,
    stop: CancellationToken,
) -> anyhow::Result<tokio::task::JoinHandle<()>> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr} (cluster.health_addr)"))?;
    tracing::info!(%addr, "health endpoint listening");
    let app = Router::new()
        .route("/health", get(health))
        .with_state(sources);
    Ok(tokio::spawn(async move {
        let serving = axum::serve(listener, app)
            .with_graceful_shutdown(async move { stop.cancelled().await })
            .await;
        if let Err(e) = serving {
            tracing::warn!(error = %e, "the health endpoint stopped");
        }
    }))
}

async fn health(State(sources): State<Sources>) -> (StatusCode, Json<Report>) {
    let report = sources.report().await;
    (report.status(), Json(report))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shard(id: u32, connected: bool, lease_held: bool) -> ShardHealth {
        ShardHealth {
            id,
            count: 4,
            connected,
            stage: if connected { "Connected" } else { "Resuming" }.into(),
            latency_ms: connected.then_some(41),
            servers: 2,
            lease_held,
        }
    }

    #[test]
    fn healthy_when_every_shard_is_connected_whoever_holds_the_lease() {
        let report = Report::new("a", vec![shard(0, true, true), shard(1, true, false)]);
        assert!(report.healthy);
        assert_eq!(report.status(), StatusCode::OK);
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["shards"][1]["lease_held"], false);
        assert_eq!(json["shards"][0]["latency_ms"], 41);
        assert_eq!(json["instance"], "a");
    }

    #[test]
    fn one_shard_down_or_none_started_is_unhealthy() {
        let report = Report::new("a", vec![shard(0, true, true), shard(1, false, true)]);
        assert!(!report.healthy);
        assert_eq!(report.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert!(!Report::new("a", vec![]).healthy);
    }
}
