//! Staff accounts in the Cognito user pool (moto's `cognito-idp` locally). The pool signs
//! people in by email: an account's username is its address. Accounts are made without
//! Cognito's own email (Tellcare sends the invitation), and their password is set from it.

use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::error::{DisplayErrorContext, SdkError};
use aws_sdk_cognitoidentityprovider::operation::admin_create_user::AdminCreateUserError;
use aws_sdk_cognitoidentityprovider::operation::admin_set_user_password::AdminSetUserPasswordError;
use aws_sdk_cognitoidentityprovider::types::{AttributeType, MessageActionType, UserStatusType};

use crate::app::ports::{AccountError, Accounts};
use crate::aws::OnFirstUse;
use crate::domain::EmailAddress;
use crate::domain::staff_change::Account;

/// The client is built on first use: staff are added far more rarely than pages are read, and
/// building an SDK client is a cold start's work otherwise.
#[derive(Clone, Debug)]
pub struct UserPool {
    client: OnFirstUse<Client>,
    pool_id: String,
}

impl UserPool {
    pub fn new(sdk: &aws_types::SdkConfig, pool_id: &str) -> Self {
        UserPool { client: OnFirstUse::from_config(sdk, Client::new), pool_id: pool_id.to_owned() }
    }

    fn client(&self) -> &Client {
        self.client.get()
    }
}

fn unavailable<E: std::error::Error + 'static, R: std::fmt::Debug>(err: SdkError<E, R>) -> AccountError {
    AccountError::Unavailable(DisplayErrorContext(&err).to_string())
}

fn attribute(name: &str, value: &str) -> AttributeType {
    AttributeType::builder().name(name).value(value).build().expect("name is set")
}

impl Accounts for UserPool {
    async fn ensure_account(&self, email: &EmailAddress, name: &str) -> Result<Account, AccountError> {
        let created = self
            .client()
            .admin_create_user()
            .user_pool_id(&self.pool_id)
            .username(email.as_str())
            .user_attributes(attribute("email", email.as_str()))
            .user_attributes(attribute("email_verified", "true"))
            .user_attributes(attribute("name", name))
            .message_action(MessageActionType::Suppress)
            .send()
            .await;
        match created {
            Ok(_) => return Ok(Account::AwaitingPassword),
            Err(err) if matches!(err.as_service_error(), Some(AdminCreateUserError::UsernameExistsException(_))) => {}
            Err(err) => return Err(unavailable(err)),
        }
        let user = self
            .client()
            .admin_get_user()
            .user_pool_id(&self.pool_id)
            .username(email.as_str())
            .send()
            .await
            .map_err(unavailable)?;
        Ok(match user.user_status() {
            Some(UserStatusType::ForceChangePassword) => Account::AwaitingPassword,
            _ => Account::Active,
        })
    }

    async fn set_password(&self, email: &EmailAddress, password: &str) -> Result<(), AccountError> {
        let set = self
            .client()
            .admin_set_user_password()
            .user_pool_id(&self.pool_id)
            .username(email.as_str())
            .password(password)
            .permanent(true)
            .send()
            .await;
        match set {
            Ok(_) => Ok(()),
            Err(err) => Err(match err.as_service_error() {
                Some(AdminSetUserPasswordError::InvalidPasswordException(refusal)) => AccountError::WeakPassword(
                    refusal.message().unwrap_or("The password does not meet the policy.").to_owned(),
                ),
                Some(AdminSetUserPasswordError::UserNotFoundException(_)) => AccountError::NoAccount,
                _ => unavailable(err),
            }),
        }
    }
}
