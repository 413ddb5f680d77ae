//! What the notifier keeps: the tokens of emailed links and their renewals (in the private
//! table), and a marker per email so that a stream record delivered twice sends each email once.

use aws_sdk_dynamodb::types::AttributeValue;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::keys::{self, Key};
use super::{Store, StoreError, held};
use crate::app::ports::Renewals;
use crate::domain::token::{Grant, LinkToken};

/// How long a claim to send stands before another delivery may take it over: longer than a
/// send takes, short enough that a crashed one is retried well within the stream's retries.
const CLAIM_SECONDS: i64 = 120;
/// Markers are kept long after any redelivery could come (the stream keeps records a day).
const MARKER_DAYS: i64 = 30;
/// How long after it expires a link can still ask for a new one.
const RENEWABLE_DAYS: i64 = 60;

#[derive(Serialize, Deserialize)]
struct TokenItem {
    pk: String,
    sk: String,
    #[serde(flatten)]
    grant: Grant,
    /// TTL: the table forgets the token a while after it expired (it can ask for a new one
    /// until then; the grant's own expiry is what opens pages).
    expires_at: i64,
}

#[derive(Serialize, Deserialize)]
struct MarkerItem {
    pk: String,
    sk: String,
    /// `sending` while claimed, `sent` once SES took the email.
    status: String,
    claimed_at: i64,
    /// Who claimed it: the SDK's retry of a claim whose answer was lost finds its own claim.
    #[serde(default)]
    claim_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    message_id: Option<String>,
    expires_at: i64,
}

/// Whether this delivery may send an email.
#[derive(Debug, PartialEq, Eq)]
pub enum Claim {
    /// Yes: send it, then [`Store::mark_sent`] or [`Store::release`].
    Claimed,
    /// No: an earlier delivery sent it.
    AlreadySent,
    /// Not now: another delivery is sending it; try again later.
    InFlight,
}

impl Store {
    /// Keeps a new token's digest with its grant; the token itself only goes in the email.
    /// Unconditional: 256 random bits do not collide, and so the SDK's retry of a put whose
    /// answer was lost writes the same item again instead of failing on it.
    pub async fn put_token(&self, token: &LinkToken, grant: &Grant) -> Result<(), StoreError> {
        let Key { pk, sk } = keys::token(&token.digest());
        let kept_until = grant.expires.unix_timestamp() + RENEWABLE_DAYS * 86_400;
        let item = TokenItem { pk, sk, grant: grant.clone(), expires_at: kept_until };
        let item = Some(serde_dynamo::to_item(item)?);
        self.client.put_item().table_name(self.private_table()).set_item(item).send().await?;
        Ok(())
    }

    /// What a token grants, if it was ever issued (expired or not: the caller tells 410 from 404).
    pub async fn get_token(&self, token: &LinkToken) -> Result<Option<Grant>, StoreError> {
        let item = self.get_item_in(self.private_table(), &keys::token(&token.digest()), false).await?;
        Ok(item.map(serde_dynamo::from_item::<_, TokenItem>).transpose()?.map(|t| t.grant))
    }

    /// Claims the sending of one email: only one delivery at a time, and none after it went.
    pub async fn claim_send(&self, key: &Key, now: OffsetDateTime) -> Result<Claim, StoreError> {
        let claim_id = crate::random::hex(16);
        let item = MarkerItem {
            pk: key.pk.clone(),
            sk: key.sk.clone(),
            status: "sending".into(),
            claimed_at: now.unix_timestamp(),
            claim_id: claim_id.clone(),
            message_id: None,
            expires_at: now.unix_timestamp() + MARKER_DAYS * 86_400,
        };
        let result = self
            .client
            .put_item()
            .table_name(self.table())
            .set_item(Some(serde_dynamo::to_item(item)?))
            .condition_expression(
                "attribute_not_exists(pk) OR (#status = :sending AND (claimed_at < :stale OR claim_id = :mine))",
            )
            .expression_attribute_names("#status", "status")
            .expression_attribute_values(":sending", AttributeValue::S("sending".into()))
            .expression_attribute_values(":mine", AttributeValue::S(claim_id))
            .expression_attribute_values(
                ":stale",
                AttributeValue::N((now.unix_timestamp() - CLAIM_SECONDS).to_string()),
            )
            .send()
            .await
            .map_err(StoreError::from);
        match result {
            Ok(_) => Ok(Claim::Claimed),
            Err(StoreError::ConditionFailed) => {
                let marker = self.get_item(key, true).await?;
                let status = marker.map(serde_dynamo::from_item::<_, MarkerItem>).transpose()?.map(|m| m.status);
                Ok(if status.as_deref() == Some("sent") { Claim::AlreadySent } else { Claim::InFlight })
            }
            Err(err) => Err(err),
        }
    }

    /// Records that SES took the email.
    pub async fn mark_sent(&self, key: &Key, message_id: &str) -> Result<(), StoreError> {
        self.client
            .update_item()
            .table_name(self.table())
            .set_key(Some(key.to_attributes()))
            .update_expression("SET #status = :sent, message_id = :id")
            .expression_attribute_names("#status", "status")
            .expression_attribute_values(":sent", AttributeValue::S("sent".into()))
            .expression_attribute_values(":id", AttributeValue::S(message_id.into()))
            .send()
            .await?;
        Ok(())
    }

    /// Gives up a claim after a failed send, so the retry may send. A claim already gone (the
    /// SDK's retry of a release whose answer was lost) is released.
    pub async fn release(&self, key: &Key) -> Result<(), StoreError> {
        let result = self
            .client
            .delete_item()
            .table_name(self.table())
            .set_key(Some(key.to_attributes()))
            .condition_expression("#status = :sending")
            .expression_attribute_names("#status", "status")
            .expression_attribute_values(":sending", AttributeValue::S("sending".into()))
            .send()
            .await
            .map_err(StoreError::from);
        match result {
            Ok(_) | Err(StoreError::ConditionFailed) => Ok(()),
            Err(err) => Err(err),
        }
    }
}

impl Renewals for Store {
    /// Records that a link asked for a new one today; `false` if it did already (one a day).
    async fn note_renewal(&self, token: &LinkToken, now: OffsetDateTime) -> Result<bool, StoreError> {
        let Key { pk, sk } = keys::renewal(&token.digest(), now.date());
        let result = self
            .client
            .put_item()
            .table_name(self.private_table())
            .item(keys::PK, AttributeValue::S(pk))
            .item(keys::SK, AttributeValue::S(sk))
            .item(keys::TTL, AttributeValue::N((now.unix_timestamp() + 2 * 86_400).to_string()))
            .condition_expression("attribute_not_exists(pk)")
            .send()
            .await;
        held(result)
    }
}
