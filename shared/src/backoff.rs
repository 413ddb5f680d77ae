//! Waiting out a failure that passes (DynamoDB or SES throttled or unreachable) within one
//! invocation, so that an outage of a minute spends no retry of the event source.

use std::time::Duration;

const FIRST_BACKOFF: Duration = Duration::from_millis(200);
const LONGEST_BACKOFF: Duration = Duration::from_secs(5);

/// Waits, doubling each time, while a deadline allows.
pub struct Backoff {
    next: Duration,
    deadline: tokio::time::Instant,
}

impl Backoff {
    pub fn within(patience: Duration) -> Self {
        Backoff { next: FIRST_BACKOFF, deadline: tokio::time::Instant::now() + patience }
    }

    /// Sleeps before the next try, or says there is no time left for one.
    pub async fn wait(&mut self) -> bool {
        if tokio::time::Instant::now() + self.next >= self.deadline {
            return false;
        }
        tokio::time::sleep(self.next).await;
        self.next = (self.next * 2).min(LONGEST_BACKOFF);
        true
    }
}
