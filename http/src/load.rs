//! The load generator behind `umcodec-load`: N clients, each on its own
//! keep-alive connection, each running M whole call lifecycles; latency
//! percentiles over every request, and the server's heap traffic per
//! request from its `GET /stats` counters.

use std::time::{Duration, Instant};

use crate::calls::Service;
use crate::client::{Client, ClientError};

/// Which service the lifecycles use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mix {
    /// EWS only.
    Ews,
    /// The UM web service only.
    Um,
    /// Alternating, lifecycle by lifecycle.
    Both,
}

/// A load run's settings.
#[derive(Clone, Debug)]
pub struct LoadConfig {
    /// The server (`http://HOST:PORT`).
    pub url: String,
    /// Concurrent clients (connections).
    pub clients: usize,
    /// Lifecycles per client.
    pub calls: usize,
    /// The services used.
    pub mix: Mix,
    /// Pause between two polls of a call's state.
    pub poll: Duration,
    /// Longest wait for a state.
    pub timeout: Duration,
}

/// What a load run measured.
#[derive(Clone, Debug, Default)]
pub struct LoadReport {
    /// Requests answered (successful or not).
    pub requests: u64,
    /// Lifecycles that failed.
    pub errors: u64,
    /// The first failure, if any.
    pub first_error: Option<String>,
    /// Wall time of the run.
    pub elapsed: Duration,
    /// Median request latency.
    pub p50: Duration,
    /// 99th percentile request latency.
    pub p99: Duration,
    /// Slowest request.
    pub max: Duration,
    /// The server's codec, from its `/stats`.
    pub codec: Option<String>,
    /// Bytes the server allocated per request during the run (when it runs
    /// the counting allocator).
    pub bytes_per_request: Option<f64>,
    /// Allocations per request during the run.
    pub allocations_per_request: Option<f64>,
}

impl LoadReport {
    /// Requests per second.
    #[must_use]
    pub fn requests_per_second(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

fn percentile(sorted: &[u32], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    Duration::from_micros(u64::from(sorted[i]))
}

fn stat(stats: &[(String, String)], key: &str) -> Option<u64> {
    stats.iter().find(|(k, _)| k == key).and_then(|(_, v)| v.parse().ok())
}

/// Runs the load.
///
/// # Errors
/// The URL is bad or the server's `/stats` cannot be read (lifecycle
/// failures are counted in the report, not returned).
pub async fn run(config: &LoadConfig) -> Result<LoadReport, ClientError> {
    let mut probe = Client::new(&config.url)?;
    let before = probe.stats().await?;
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(config.clients);
    for c in 0..config.clients {
        let config = config.clone();
        tasks.push(tokio::spawn(async move {
            let mut client = Client::new(&config.url)?;
            client.record_latencies(config.calls * 8);
            let mut errors = 0u64;
            let mut first = None;
            for i in 0..config.calls {
                let service = match config.mix {
                    Mix::Ews => Service::Ews,
                    Mix::Um => Service::Um,
                    Mix::Both if (c + i) % 2 == 0 => Service::Ews,
                    Mix::Both => Service::Um,
                };
                let dial = format!("+1425555{:04}", (c * config.calls + i) % 10_000);
                if let Err(e) = client
                    .lifecycle(service, &dial, None, config.poll, config.timeout, |_| {})
                    .await
                {
                    errors += 1;
                    first.get_or_insert(e.to_string());
                }
            }
            Ok::<_, ClientError>((client.requests, client.take_latencies(), errors, first))
        }));
    }
    let mut report = LoadReport::default();
    let mut latencies = Vec::new();
    for t in tasks {
        match t.await {
            Ok(Ok((requests, l, errors, first))) => {
                report.requests += requests;
                latencies.extend(l);
                report.errors += errors;
                if report.first_error.is_none() {
                    report.first_error = first;
                }
            }
            Ok(Err(e)) => {
                report.errors += 1;
                report.first_error.get_or_insert(e.to_string());
            }
            Err(e) => {
                report.errors += 1;
                report.first_error.get_or_insert(format!("client task failed: {e}"));
            }
        }
    }
    report.elapsed = started.elapsed();
    let after = probe.stats().await?;
    latencies.sort_unstable();
    report.p50 = percentile(&latencies, 0.50);
    report.p99 = percentile(&latencies, 0.99);
    report.max = percentile(&latencies, 1.0);
    report.codec = after.iter().find(|(k, _)| k == "codec").map(|(_, v)| v.clone());
    let counting = after.iter().any(|(k, v)| k == "counting_allocator" && v == "true");
    // The two /stats requests themselves are not counted by the server.
    if let (true, Some(r0), Some(r1)) = (counting, stat(&before, "requests"), stat(&after, "requests")) {
        let n = (r1 - r0).max(1) as f64;
        let delta = |k: &str| Some((stat(&after, k)?.saturating_sub(stat(&before, k)?)) as f64 / n);
        report.bytes_per_request = delta("allocated_bytes");
        report.allocations_per_request = delta("allocations");
    }
    Ok(report)
}
