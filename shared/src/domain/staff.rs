//! Who may do what: Tellcare's own staff by the group of their account (moderators moderate,
//! admins do everything), and a service's staff by their memberships, each one role in one
//! service and everything under it. One person may hold several.

use serde::{Deserialize, Serialize};

use super::responder::Responder;
use super::service::Service;
use super::{Message, ResponderId, ServiceId};

/// A role in a service (and the services under it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceRole {
    /// Manages the service's details, staff, links, posters and reports; never moderation,
    /// never an author's private details.
    ServiceAdmin,
    /// Reads the service's published stories and answers them. Every member stored before
    /// roles were, was one.
    #[default]
    Responder,
}

impl ServiceRole {
    pub fn parse(raw: &str) -> Result<Self, Message> {
        match raw.trim() {
            "service_admin" => Ok(ServiceRole::ServiceAdmin),
            "responder" => Ok(ServiceRole::Responder),
            _ => Err(Message::new("staff-role-unknown")),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            ServiceRole::ServiceAdmin => "service_admin",
            ServiceRole::Responder => "responder",
        }
    }

    /// How a page names it.
    pub fn label(self) -> Message {
        Message::new(format!("staff-role-{}", self.code()))
    }
}

/// One person's role in one service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    pub member: ResponderId,
    pub service: ServiceId,
    pub role: ServiceRole,
}

/// The platform group of an account, if it has one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlatformRole {
    Moderator,
    Admin,
}

/// What one signed-in person may do, over the tree of services as it is now.
#[derive(Clone, Debug, Default)]
pub struct Access {
    pub platform: Option<PlatformRole>,
    pub memberships: Vec<Membership>,
}

impl Access {
    /// The access of an account of `platform` role (if any) that holds `members`.
    pub fn new(platform: Option<PlatformRole>, members: &[Responder]) -> Self {
        let memberships =
            members.iter().map(|m| Membership { member: m.id, service: m.service_id, role: m.role }).collect();
        Access { platform, memberships }
    }

    pub fn may_moderate(&self) -> bool {
        self.platform.is_some()
    }

    pub fn is_admin(&self) -> bool {
        self.platform == Some(PlatformRole::Admin)
    }

    /// Whether the person manages any service at all (the services pages are theirs).
    pub fn manages_any(&self) -> bool {
        self.is_admin() || self.memberships.iter().any(|m| m.role == ServiceRole::ServiceAdmin)
    }

    /// Whether the person belongs to any service's staff (the dashboard is theirs).
    pub fn is_member(&self) -> bool {
        !self.memberships.is_empty()
    }

    /// Manage `service`'s details, staff and links: an admin, or a service admin of it or of a
    /// service above it.
    pub fn may_manage(&self, service: ServiceId, tree: &[Service]) -> bool {
        self.is_admin() || self.holding(ServiceRole::ServiceAdmin, service, tree).is_some()
    }

    /// Read `service`'s published stories and answer them: a responder of it or of a service
    /// above it.
    pub fn may_answer(&self, service: ServiceId, tree: &[Service]) -> bool {
        self.answering_as(service, tree).is_some()
    }

    /// Read `service`'s report, and export it and its stories: moderators and admins, and
    /// whoever manages or answers for it (in it, or in a service above it).
    pub fn may_read_reports(&self, service: ServiceId, tree: &[Service]) -> bool {
        self.may_moderate()
            || [ServiceRole::ServiceAdmin, ServiceRole::Responder]
                .into_iter()
                .any(|role| self.holding(role, service, tree).is_some())
    }

    /// The responder's membership through which the person answers for `service`: theirs in
    /// it, or in the nearest service above it.
    pub fn answering_as(&self, service: ServiceId, tree: &[Service]) -> Option<&Membership> {
        self.holding(ServiceRole::Responder, service, tree)
    }

    /// Every service in which the person holds `role`, and every service under those: what
    /// their dashboard shows.
    pub fn services_as(&self, role: ServiceRole, tree: &[Service]) -> Vec<ServiceId> {
        let mut within: Vec<ServiceId> =
            tree.iter().map(|s| s.id).filter(|id| self.holding(role, *id, tree).is_some()).collect();
        within.sort();
        within
    }

    /// The nearest membership of `role` that covers `service`: in it, or in one of its
    /// ancestors.
    fn holding(&self, role: ServiceRole, service: ServiceId, tree: &[Service]) -> Option<&Membership> {
        let mut at = Some(service);
        // A tree of n services has no path longer than n: a loop in bad data ends here too.
        for _ in 0..=tree.len() {
            let current = at?;
            if let Some(held) = self.memberships.iter().find(|m| m.role == role && m.service == current) {
                return Some(held);
            }
            at = tree.iter().find(|s| s.id == current).and_then(|s| s.parent_id);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::service::NewService;

    fn service(name: &str, parent: Option<ServiceId>) -> Service {
        NewService { name: name.into(), parent_id: parent, ..NewService::default() }.into_service(ServiceId::generate())
    }

    fn member(of: &[(ServiceId, ServiceRole)]) -> Access {
        let member = ResponderId::generate();
        let memberships = of.iter().map(|&(service, role)| Membership { member, service, role }).collect();
        Access { platform: None, memberships }
    }

    /// A partnership with two projects, one with a group under it; and a second partnership.
    fn tree() -> Vec<Service> {
        let board = service("Health board", None);
        let cafe = service("Carers' Cafe", Some(board.id));
        let walking = service("Walking group", Some(cafe.id));
        let ward = service("Ward 7", Some(board.id));
        let council = service("Council", None);
        vec![board, cafe, walking, ward, council]
    }

    #[test]
    fn a_service_admin_manages_their_branch_and_nothing_beside_or_above_it() {
        let services = tree();
        let [board, cafe, walking, ward, council] = [0, 1, 2, 3, 4].map(|i| services[i].id);
        let cafe_admin = member(&[(cafe, ServiceRole::ServiceAdmin)]);
        assert!(cafe_admin.may_manage(cafe, &services) && cafe_admin.may_manage(walking, &services));
        for outside in [board, ward, council] {
            assert!(!cafe_admin.may_manage(outside, &services), "{outside}");
        }
        assert!(!cafe_admin.may_answer(cafe, &services), "managing is not answering");
        assert!(!cafe_admin.may_moderate(), "never moderation");
        let mut expected = vec![cafe, walking];
        expected.sort();
        assert_eq!(cafe_admin.services_as(ServiceRole::ServiceAdmin, &services), expected);
    }

    #[test]
    fn one_person_may_hold_several_roles_and_platform_roles_are_apart() {
        let services = tree();
        let [board, cafe, walking, ward, council] = [0, 1, 2, 3, 4].map(|i| services[i].id);
        let both = member(&[(ward, ServiceRole::Responder), (council, ServiceRole::ServiceAdmin)]);
        assert!(both.may_answer(ward, &services) && !both.may_answer(council, &services));
        assert!(both.may_manage(council, &services) && !both.may_manage(ward, &services));
        assert_eq!(both.services_as(ServiceRole::Responder, &services), [ward]);
        let admin = Access { platform: Some(PlatformRole::Admin), memberships: vec![] };
        assert!(
            admin.may_moderate()
                && [board, cafe, walking, ward, council].iter().all(|s| admin.may_manage(*s, &services))
        );
        assert!(!admin.may_answer(ward, &services), "answering is a responder's, in the service's name");
        let moderator = Access { platform: Some(PlatformRole::Moderator), memberships: vec![] };
        assert!(moderator.may_moderate() && !moderator.may_manage(ward, &services));
    }

    #[test]
    fn reports_are_read_by_the_staff_of_a_branch_and_by_moderators_only() {
        let services = tree();
        let [board, cafe, walking, ward, council] = [0, 1, 2, 3, 4].map(|i| services[i].id);
        let ward_responder = member(&[(ward, ServiceRole::Responder)]);
        assert!(ward_responder.may_read_reports(ward, &services));
        for outside in [board, cafe, walking, council] {
            assert!(!ward_responder.may_read_reports(outside, &services), "{outside}");
        }
        let cafe_admin = member(&[(cafe, ServiceRole::ServiceAdmin)]);
        assert!(cafe_admin.may_read_reports(walking, &services) && !cafe_admin.may_read_reports(board, &services));
        let moderator = Access { platform: Some(PlatformRole::Moderator), memberships: vec![] };
        assert!(moderator.may_read_reports(council, &services));
    }

    #[test]
    fn a_loop_in_the_stored_tree_ends_the_walk_and_roles_read_as_written() {
        let mut services = tree();
        let (board, ward) = (services[0].id, services[3].id);
        services[0].parent_id = Some(ward); // board → ward → board
        let outsider = member(&[(services[4].id, ServiceRole::ServiceAdmin)]);
        assert!(!outsider.may_manage(board, &services));
        assert_eq!(ServiceRole::parse("service_admin"), Ok(ServiceRole::ServiceAdmin));
        assert!(ServiceRole::parse("moderator").is_err());
        assert_eq!(serde_json::to_value(ServiceRole::Responder).unwrap(), "responder");
    }
}
