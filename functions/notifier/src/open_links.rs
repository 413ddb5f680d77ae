//! The daily count of invitation links open for stories, for the alarm that no story came in
//! for a day while some were open.

use tellcare::metrics::{self, Metric};

use crate::{Notifier, RecordError};

impl Notifier {
    /// Counts the enabled links of every service not archived: one Query for the services, one
    /// per service for its links. A failure is logged, never passed on: the digests matter more.
    pub async fn count_open_links(&self) {
        match self.open_links().await {
            Ok(open) => metrics::count(Metric::OpenLinks, None, open),
            Err(err) => tracing::warn!(error = %err, "the open links could not be counted"),
        }
    }

    async fn open_links(&self) -> Result<u64, RecordError> {
        let mut open = 0;
        for service in self.store.list_services().await?.iter().filter(|s| !s.archived) {
            open += self.store.list_links(service.id).await?.iter().filter(|l| l.enabled).count() as u64;
        }
        Ok(open)
    }
}
