//! The local stand-in's side of the user pool: it checks a member's email and password
//! against moto's Cognito (`AdminInitiateAuth`), reads their groups, and signs them in with
//! claims shaped like the pool's ID token (a verified `email`, `cognito:groups`).

use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::error::DisplayErrorContext;
use aws_sdk_cognitoidentityprovider::operation::admin_get_user::AdminGetUserError;
use aws_sdk_cognitoidentityprovider::operation::admin_initiate_auth::AdminInitiateAuthError;
use aws_sdk_cognitoidentityprovider::operation::admin_list_groups_for_user::AdminListGroupsForUserError;
use aws_sdk_cognitoidentityprovider::types::{AuthFlowType, ChallengeNameType};
use serde_json::Value;

use crate::devauth::DevIssuer;

pub struct LocalPool {
    client: Client,
    pub pool_id: String,
    pub client_id: String,
}

#[derive(Debug, thiserror::Error)]
pub enum SignInRefused {
    #[error("The email address or password is not right.")]
    Wrong,
    #[error("This account has no password yet: open the invitation email and set one.")]
    NoPassword,
    #[error("There is no account with this email address.")]
    NoAccount,
    #[error("the user pool failed: {0}")]
    Pool(String),
}

impl LocalPool {
    pub fn new(sdk: &aws_config::SdkConfig, pool_id: String, client_id: String) -> Self {
        LocalPool { client: Client::new(sdk), pool_id, client_id }
    }

    /// The account `email` as its ID token names it: its name, and its groups (the
    /// moderators' and admins' platform roles).
    pub async fn account(&self, email: &str) -> Result<LocalAccount, SignInRefused> {
        let user = self.client.admin_get_user().user_pool_id(&self.pool_id).username(email).send().await;
        let name = match user {
            Ok(user) => {
                user.user_attributes().iter().find(|a| a.name() == "name").and_then(|a| a.value()).map(str::to_owned)
            }
            Err(err) if matches!(err.as_service_error(), Some(AdminGetUserError::UserNotFoundException(_))) => {
                return Err(SignInRefused::NoAccount);
            }
            Err(err) => return Err(SignInRefused::Pool(DisplayErrorContext(&err).to_string())),
        };
        Ok(LocalAccount { name, groups: self.groups_of(email).await? })
    }

    async fn groups_of(&self, email: &str) -> Result<Vec<String>, SignInRefused> {
        let listed = self.client.admin_list_groups_for_user().user_pool_id(&self.pool_id).username(email).send().await;
        match listed {
            Ok(out) => Ok(out.groups().iter().filter_map(|g| g.group_name().map(str::to_owned)).collect()),
            Err(err)
                if matches!(err.as_service_error(), Some(AdminListGroupsForUserError::UserNotFoundException(_))) =>
            {
                Err(SignInRefused::NoAccount)
            }
            Err(err) => Err(SignInRefused::Pool(DisplayErrorContext(&err).to_string())),
        }
    }

    /// Checks `password` for `email` as the hosted UI would, then reads the account.
    pub async fn sign_in(&self, email: &str, password: &str) -> Result<LocalAccount, SignInRefused> {
        let auth = self
            .client
            .admin_initiate_auth()
            .user_pool_id(&self.pool_id)
            .client_id(&self.client_id)
            .auth_flow(AuthFlowType::AdminUserPasswordAuth)
            .auth_parameters("USERNAME", email)
            .auth_parameters("PASSWORD", password)
            .send()
            .await;
        match auth {
            Ok(out) if out.challenge_name() == Some(&ChallengeNameType::NewPasswordRequired) => {
                Err(SignInRefused::NoPassword)
            }
            Ok(_) => self.account(email).await,
            Err(err) => Err(match err.as_service_error() {
                Some(AdminInitiateAuthError::NotAuthorizedException(_)) => SignInRefused::Wrong,
                Some(AdminInitiateAuthError::UserNotFoundException(_)) => SignInRefused::Wrong,
                _ => SignInRefused::Pool(DisplayErrorContext(&err).to_string()),
            }),
        }
    }
}

/// What an ID token says of an account beside its address.
#[derive(Clone, Debug, Default)]
pub struct LocalAccount {
    pub name: Option<String>,
    pub groups: Vec<String>,
}

/// The ID token of a member of staff signed in by email, as the pool writes it: the username
/// is the account's id (the pool signs in by address), with its verified address, name and
/// groups.
pub fn member_claims(issuer: &DevIssuer, email: &str, account: &LocalAccount) -> Value {
    let groups: Vec<&str> = account.groups.iter().map(String::as_str).collect();
    let username = ulid::Ulid::generate().to_string();
    let mut claims = issuer.claims(&username, &groups);
    claims["email"] = Value::from(email);
    claims["email_verified"] = Value::from(true);
    if let Some(name) = &account.name {
        claims["name"] = Value::from(name.as_str());
    }
    claims
}
