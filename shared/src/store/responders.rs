//! Member items (first called responders), in their service's partition, found by email on
//! gsi2: an account's memberships, and the addresses SES reports.

use aws_sdk_dynamodb::types::{AttributeValue, Delete, TransactWriteItem};
use serde::{Deserialize, Serialize};

use super::keys;
use super::transaction::Transaction;
use super::{Store, StoreError, held};
use crate::app::ports::Responders;
use crate::domain::EmailAddress;
use crate::domain::responder::{Digest, Responder, Suppression};
use crate::domain::staff::ServiceRole;
use crate::domain::staff_change::ChangeEntry;

#[derive(Serialize, Deserialize)]
struct ResponderItem {
    pk: String,
    sk: String,
    /// Finds the responders of an address when SES reports it.
    #[serde(default)]
    gsi2pk: Option<String>,
    #[serde(default)]
    gsi2sk: Option<String>,
    /// Only on a member who chose a digest: the digest's schedule finds them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    gsi1pk: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    gsi1sk: Option<String>,
    #[serde(flatten)]
    responder: Responder,
}

impl ResponderItem {
    fn new(member: &Responder) -> Self {
        let key = keys::responder(member.service_id, member.id);
        ResponderItem {
            pk: key.pk,
            sk: key.sk,
            gsi2pk: Some(keys::responders_with_email(&member.email.digest())),
            gsi2sk: Some(member.id.to_string()),
            gsi1pk: member.email_when.digest().map(keys::digest_members),
            gsi1sk: member.email_when.digest().map(|_| member.id.to_string()),
            responder: member.clone(),
        }
    }
}

/// The parts of a member's transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Member,
    /// The service's one member of this address.
    Address,
    Change,
}

impl Store {
    /// Every member who chose `digest`: one Query of gsi1 (all its pages).
    pub async fn digest_members(&self, digest: Digest) -> Result<Vec<Responder>, StoreError> {
        let items = self.query_items(Some(keys::GSI1), keys::GSI1_PK, keys::digest_members(digest)).await?;
        let mut members = Vec::with_capacity(items.len());
        for item in items {
            members.push(serde_dynamo::from_item::<_, ResponderItem>(item)?.responder);
        }
        Ok(members)
    }

    /// Every membership of an address, in every service: one Query of gsi2.
    pub async fn memberships_of(&self, email: &EmailAddress) -> Result<Vec<Responder>, StoreError> {
        let items =
            self.query_items(Some(keys::GSI2), keys::GSI2_PK, keys::responders_with_email(&email.digest())).await?;
        let mut members = Vec::with_capacity(items.len());
        for item in items {
            members.push(serde_dynamo::from_item::<_, ResponderItem>(item)?.responder);
        }
        Ok(members)
    }

    /// Marks every responder with this address as suppressed (it bounced for good, or its
    /// owner reported our mail as spam); returns how many there were.
    pub async fn suppress_responders(
        &self,
        email: &EmailAddress,
        suppression: &Suppression,
    ) -> Result<usize, StoreError> {
        let members = self.memberships_of(email).await?;
        for member in &members {
            // A responder removed meanwhile has nothing to mark.
            let marked = self
                .client
                .update_item()
                .table_name(self.table())
                .set_key(Some(keys::responder(member.service_id, member.id).to_attributes()))
                .update_expression("SET suppressed = :s")
                .condition_expression("attribute_exists(pk)")
                .expression_attribute_values(":s", serde_dynamo::to_attribute_value(suppression)?)
                .send()
                .await
                .map_err(StoreError::from);
            match marked {
                Ok(_) | Err(StoreError::ConditionFailed) => {}
                Err(err) => return Err(err),
            }
        }
        Ok(members.len())
    }

    /// Makes every member stored before roles and accounts were into a member of today's
    /// shape: a role (they were all responders), the index key that finds an account's
    /// memberships by email, and the guard of one member per address in a service. Safe to run twice, or while staff are being added: it writes only
    /// what is missing, and only to a member still there. Returns how many it changed.
    pub async fn migrate_members(&self) -> Result<usize, StoreError> {
        let mut pages = self
            .client
            .scan()
            .table_name(self.table())
            .filter_expression(
                "begins_with(sk, :prefix) AND (attribute_not_exists(#role) OR attribute_not_exists(gsi2pk))",
            )
            .expression_attribute_names("#role", "role")
            .expression_attribute_values(":prefix", AttributeValue::S(keys::RESPONDER_PREFIX.into()))
            .into_paginator()
            .items()
            .send();
        let mut changed = 0;
        while let Some(item) = pages.next().await {
            let member = serde_dynamo::from_item::<_, ResponderItem>(item?)?.responder;
            let updated = self
                .client
                .update_item()
                .table_name(self.table())
                .set_key(Some(keys::responder(member.service_id, member.id).to_attributes()))
                .update_expression("SET #role = if_not_exists(#role, :responder), gsi2pk = :g, gsi2sk = :id")
                .condition_expression("attribute_exists(pk)")
                .expression_attribute_names("#role", "role")
                .expression_attribute_values(":responder", AttributeValue::S(ServiceRole::Responder.code().into()))
                .expression_attribute_values(
                    ":g",
                    AttributeValue::S(keys::responders_with_email(&member.email.digest())),
                )
                .expression_attribute_values(":id", AttributeValue::S(member.id.to_string()))
                .send()
                .await;
            if held(updated)? {
                // The guard of one member per address in the service, which they predate.
                let address = keys::member_email(member.service_id, &member.email.digest()).to_attributes();
                self.client.put_item().table_name(self.table()).set_item(Some(address)).send().await?;
                changed += 1;
            }
        }
        Ok(changed)
    }
}

impl Responders for Store {
    /// Adds a member, with the change that says so when there is one (the seed has none); the
    /// caller has read the service (it exists, and has no member with this email yet).
    async fn put_responder(&self, member: &Responder, change: Option<&ChangeEntry>) -> Result<(), StoreError> {
        let mut transaction = Transaction::new();
        transaction.add(Part::Member, self.put_if_absent(serde_dynamo::to_item(ResponderItem::new(member))?)?);
        let address = keys::member_email(member.service_id, &member.email.digest()).to_attributes();
        transaction.add(Part::Address, self.put_if_absent(address)?);
        if let Some(entry) = change {
            transaction.add(Part::Change, self.change_item(entry)?);
        }
        match transaction.commit(self).await? {
            None => Ok(()),
            Some(_) => Err(StoreError::ConditionFailed),
        }
    }

    /// Removes a member (and frees their address in the service), with the change that says
    /// so; `false` when there was none.
    async fn delete_responder(&self, member: &Responder, change: Option<&ChangeEntry>) -> Result<bool, StoreError> {
        let delete = |key: keys::Key, if_there: bool| {
            let delete = Delete::builder().table_name(self.table()).set_key(Some(key.to_attributes()));
            let delete = if if_there { delete.condition_expression("attribute_exists(pk)") } else { delete };
            Ok::<_, StoreError>(TransactWriteItem::builder().delete(delete.build().map_err(StoreError::other)?).build())
        };
        let mut transaction = Transaction::new();
        transaction.add(Part::Member, delete(keys::responder(member.service_id, member.id), true)?);
        // Members added before the guard have none: deleting nothing is fine.
        transaction.add(Part::Address, delete(keys::member_email(member.service_id, &member.email.digest()), false)?);
        if let Some(entry) = change {
            transaction.add(Part::Change, self.change_item(entry)?);
        }
        match transaction.commit(self).await? {
            None => Ok(true),
            Some(refused) if refused == [Part::Member] => Ok(false),
            Some(_) => Err(StoreError::ConditionFailed),
        }
    }

    /// The member's choice of emails, and their place on the digest's index (gsi1) with it.
    async fn update_alerts(&self, after: &Responder, change: &ChangeEntry) -> Result<bool, StoreError> {
        let key = keys::responder(after.service_id, after.id);
        let update = aws_sdk_dynamodb::types::Update::builder()
            .table_name(self.table())
            .set_key(Some(key.to_attributes()))
            .condition_expression("attribute_exists(pk)")
            .expression_attribute_values(":when", serde_dynamo::to_attribute_value(after.email_when)?);
        let update = match after.email_when.digest() {
            Some(digest) => update
                .update_expression("SET email_when = :when, gsi1pk = :digest, gsi1sk = :id")
                .expression_attribute_values(":digest", AttributeValue::S(keys::digest_members(digest)))
                .expression_attribute_values(":id", AttributeValue::S(after.id.to_string())),
            None => update.update_expression("SET email_when = :when REMOVE gsi1pk, gsi1sk"),
        };
        let mut transaction = Transaction::new();
        transaction
            .add(Part::Member, TransactWriteItem::builder().update(update.build().map_err(StoreError::other)?).build());
        transaction.add(Part::Change, self.change_item(change)?);
        match transaction.commit(self).await? {
            None => Ok(true),
            Some(refused) if refused == [Part::Member] => Ok(false),
            Some(_) => Err(StoreError::ConditionFailed),
        }
    }

    async fn memberships_of(&self, email: &EmailAddress) -> Result<Vec<Responder>, StoreError> {
        Store::memberships_of(self, email).await
    }
}
