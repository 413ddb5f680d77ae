//! Rate counters, and the daily salt (in the private table) that makes a client's address
//! unreadable in them.

use aws_sdk_dynamodb::types::{AttributeValue, ReturnValue};

use super::keys;
use super::update::Changes;
use super::{Store, StoreError, held};

impl Store {
    /// Adds one to a client's counter for the window and returns the new count. The counter
    /// expires (by TTL) `ttl_secs` after the window starts.
    pub async fn count_request(&self, client_digest: &str, window: i64, expires_at: i64) -> Result<u64, StoreError> {
        let mut changes = Changes::default();
        changes.add("hits", 1)?;
        changes.set_once(keys::TTL, expires_at)?;
        let output = changes
            .apply(self.client.update_item())
            .table_name(self.table())
            .set_key(Some(keys::rate_counter(client_digest, window).to_attributes()))
            .return_values(ReturnValue::UpdatedNew)
            .send()
            .await?;
        let hits = output.attributes.as_ref().and_then(|a| a.get("hits")).and_then(|v| v.as_n().ok());
        hits.and_then(|n| n.parse().ok()).ok_or_else(|| StoreError::Corrupt("a rate counter without hits".into()))
    }

    /// Counts an email a public route causes to `to` today, if it has had fewer than `cap`:
    /// `false` (and nothing counted) once it has. Keyed on the address's digest, in the private
    /// table, gone by TTL two days later.
    pub async fn count_public_email(
        &self,
        to: &crate::domain::EmailAddress,
        now: time::OffsetDateTime,
        cap: u64,
    ) -> Result<bool, StoreError> {
        let day = now.date();
        let expires = (day.midnight().assume_utc() + time::Duration::days(2)).unix_timestamp();
        let result = self
            .client
            .update_item()
            .table_name(self.private_table())
            .set_key(Some(keys::public_emails(&to.digest(), day).to_attributes()))
            .update_expression("ADD sent :one SET #ttl = if_not_exists(#ttl, :expires)")
            .condition_expression("attribute_not_exists(sent) OR sent < :cap")
            .expression_attribute_names("#ttl", keys::TTL)
            .expression_attribute_values(":one", AttributeValue::N("1".into()))
            .expression_attribute_values(":cap", AttributeValue::N(cap.to_string()))
            .expression_attribute_values(":expires", AttributeValue::N(expires.to_string()))
            .send()
            .await;
        held(result)
    }

    /// The salt of `day`: made by whichever function asks first (a conditional put of a
    /// random value), then read by all, and gone by TTL two days later, so yesterday's
    /// digests cannot be linked to today's. Two requests on first use of a day, one after.
    pub async fn daily_salt(&self, day: &str, candidate: &str, expires_at: i64) -> Result<String, StoreError> {
        let key = keys::daily_salt(day);
        let mut item = key.to_attributes();
        item.insert("salt".into(), AttributeValue::S(candidate.to_owned()));
        item.insert(keys::TTL.into(), AttributeValue::N(expires_at.to_string()));
        let put = self
            .client
            .put_item()
            .table_name(self.private_table())
            .set_item(Some(item))
            .condition_expression("attribute_not_exists(pk)")
            .send()
            .await
            .map_err(StoreError::from);
        match put {
            Ok(_) => return Ok(candidate.to_owned()),
            Err(StoreError::ConditionFailed) => {}
            Err(err) => return Err(err),
        }
        self.get_item_in(self.private_table(), &key, true)
            .await?
            .and_then(|item| item.get("salt").and_then(|v| v.as_s().ok()).cloned())
            .ok_or_else(|| StoreError::Corrupt("a daily salt without its value".into()))
    }
}
