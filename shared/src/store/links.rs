//! Invitation link items: one per slug, in gsi1 under their service until deleted.

use aws_sdk_dynamodb::types::ReturnValue;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::keys::{self, GSI1, GSI1_PK, GSI1_SK};
use super::transaction::Transaction;
use super::update::Changes;
use super::{Store, StoreError};
use crate::app::links::LinkError;
use crate::app::ports::Links;
use crate::domain::ServiceId;
use crate::domain::link::{Link, LinkPatch, NewLink, Slug};
use crate::domain::report::Month;
use crate::domain::staff_change::{ChangeBy, StaffChange};

/// How many fresh slugs to draw before giving up: with 31^8 slugs, a second draw is already
/// rare; five taken in a row would mean something else is wrong.
const SLUG_ATTEMPTS: usize = 5;

#[derive(Serialize, Deserialize)]
struct LinkItem {
    pk: String,
    sk: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    gsi1pk: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    gsi1sk: Option<String>,
    #[serde(flatten)]
    link: Link,
}

impl LinkItem {
    fn new(link: Link) -> Self {
        let key = keys::link(&link.slug);
        Self {
            pk: key.pk,
            sk: key.sk,
            gsi1pk: Some(keys::links_of(link.service_id)),
            gsi1sk: Some(link.slug.to_string()),
            link,
        }
    }
}

impl Store {
    async fn put_new_link(&self, link: &Link, by: Option<ChangeBy<'_>>) -> Result<(), LinkError> {
        let item = serde_dynamo::to_item(LinkItem::new(link.clone())).map_err(StoreError::from)?;
        // The parts that can refuse: the slug (taken), the service (missing or archived).
        let mut writes = Transaction::new();
        writes.add(LinkPart::Slug, self.put_if_absent(item)?);
        writes.add(LinkPart::Service, self.check_service_open(link.service_id)?);
        if let Some(by) = by {
            writes.add(LinkPart::Change, self.change_item(&by.entry(StaffChange::LinkAdded { after: link.clone() }))?);
        }
        let Some(refused) = writes.commit(self).await? else { return Ok(()) };
        if refused.contains(&LinkPart::Service) {
            return match self.get_service(link.service_id).await? {
                None => Err(LinkError::NoService),
                Some(_) => Err(LinkError::ServiceArchived),
            };
        }
        Err(LinkError::SlugTaken)
    }

    pub async fn get_link(&self, slug: &Slug) -> Result<Option<Link>, StoreError> {
        let item = self.get_item(&keys::link(slug), false).await?;
        Ok(item.map(serde_dynamo::from_item::<_, LinkItem>).transpose()?.map(|item| item.link))
    }

    /// A service's links, oldest first; deleted ones are no longer in the index.
    pub async fn list_links(&self, service: ServiceId) -> Result<Vec<Link>, StoreError> {
        let items = self.query_items(Some(GSI1), GSI1_PK, keys::links_of(service)).await?;
        let mut links = items
            .into_iter()
            .map(|item| Ok(serde_dynamo::from_item::<_, LinkItem>(item)?.link))
            .collect::<Result<Vec<_>, StoreError>>()?;
        links.sort_by(|a, b| a.created_at.cmp(&b.created_at).then_with(|| a.slug.cmp(&b.slug)));
        Ok(links)
    }

    /// Counts one opening of a link's page, in all and in the month, and returns the link, in
    /// one request; `None` for an unknown slug.
    pub async fn record_open(&self, slug: &Slug, now: OffsetDateTime) -> Result<Option<Link>, StoreError> {
        let mut changes = Changes::default();
        changes.add("opened", 1)?;
        // And in its month, for the reports' funnel.
        changes.add(&keys::link_opens_in(Month::of(now)), 1)?;
        let pk = changes.condition_name("pk");
        match self.change_link(slug, changes, format!("attribute_exists({pk})")).await {
            Ok(link) => Ok(Some(link)),
            Err(LinkError::Missing) => Ok(None),
            Err(LinkError::Store(err)) => Err(err),
            // Only a link made between the update and the read that explains it.
            Err(other) => Err(StoreError::other(format!("counting an opening: {other}"))),
        }
    }

    async fn change_live_link(&self, slug: &Slug, mut changes: Changes) -> Result<Link, LinkError> {
        let (pk, deleted) = (changes.condition_name("pk"), changes.condition_name("deleted_at"));
        self.change_link(slug, changes, format!("attribute_exists({pk}) AND attribute_not_exists({deleted})")).await
    }

    /// One conditional UpdateItem; when the condition fails, one GetItem says why.
    async fn change_link(&self, slug: &Slug, changes: Changes, condition: String) -> Result<Link, LinkError> {
        let result = changes
            .apply(self.client.update_item())
            .table_name(self.table())
            .set_key(Some(keys::link(slug).to_attributes()))
            .condition_expression(condition)
            .return_values(ReturnValue::AllNew)
            .send()
            .await;
        match result.map_err(StoreError::from) {
            Ok(output) => {
                let item = output.attributes.unwrap_or_default();
                Ok(serde_dynamo::from_item::<_, LinkItem>(item).map_err(StoreError::from)?.link)
            }
            Err(StoreError::ConditionFailed) => match self.get_link(slug).await? {
                Some(_) => Err(LinkError::Deleted),
                None => Err(LinkError::Missing),
            },
            Err(err) => Err(err.into()),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LinkPart {
    Slug,
    Service,
    /// Who made it: a fresh id, which refuses nothing.
    Change,
}

impl Links for Store {
    /// Creates a link under a free slug: the admin's own (taken: [`LinkError::SlugTaken`])
    /// or a generated one, drawn again while taken. Its service must exist and not be archived,
    /// checked in the same transaction.
    async fn create_link(
        &self,
        new: NewLink,
        service: ServiceId,
        now: OffsetDateTime,
        by: Option<ChangeBy<'_>>,
    ) -> Result<Link, LinkError> {
        let chosen = new.slug.clone();
        for _ in 0..SLUG_ATTEMPTS {
            let slug = chosen.clone().unwrap_or_else(Slug::generate);
            let link = new.clone().into_link(slug, service, now);
            match self.put_new_link(&link, by).await {
                Err(LinkError::SlugTaken) if chosen.is_none() => {
                    tracing::warn!("a generated slug was taken; drawing another");
                }
                other => return other.map(|()| link),
            }
        }
        Err(StoreError::Other(format!("{SLUG_ATTEMPTS} generated slugs in a row were taken")).into())
    }

    async fn update_link(&self, slug: &Slug, patch: &LinkPatch) -> Result<Link, LinkError> {
        let mut changes = Changes::default();
        changes.set_if_given("label", patch.label.as_ref())?;
        changes.set_or_clear_if_given("welcome_message", patch.welcome_message.as_ref().map(Option::as_ref))?;
        changes.set_if_given("tags", patch.tags.as_ref())?;
        changes.set_or_clear_if_given("survey_url", patch.survey_url.as_ref().map(Option::as_ref))?;
        changes.set_if_given("enabled", patch.enabled)?;
        changes.set_if_given("language", patch.language)?;
        self.change_live_link(slug, changes).await
    }

    /// Deletes a link: it stops taking stories and leaves its service's list, but its item
    /// stays, so its address answers "gone" rather than "unknown" and its counts are kept.
    /// Deleting it again changes nothing.
    async fn delete_link(&self, slug: &Slug, now: OffsetDateTime) -> Result<Link, LinkError> {
        let mut changes = Changes::default();
        changes.set("enabled", false)?;
        let deleted_at = now.format(&time::format_description::well_known::Rfc3339).map_err(StoreError::other)?;
        changes.set_once("deleted_at", deleted_at)?;
        changes.remove(GSI1_PK);
        changes.remove(GSI1_SK);
        let pk = changes.condition_name("pk");
        self.change_link(slug, changes, format!("attribute_exists({pk})")).await
    }
}
