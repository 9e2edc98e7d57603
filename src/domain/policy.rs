//! Access policy: what each kind of route demands of the person asking. Routes name their policy in the route table
//! (`routes.rs`); the worker computes the facts once per request and asks `decide`.

use super::community::Role;
use super::error::ApiError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// No session needed (log-in, register, the API description).
    Anyone,
    /// Any signed-in, active user.
    User,
    /// An active member (or admin) of the community named in the path; platform admins too.
    Member,
    /// An admin of the community named in the path; platform admins too.
    CommunityAdmin,
    /// Platform administrators only.
    PlatformAdmin,
}

impl Policy {
    pub fn as_str(self) -> &'static str {
        match self {
            Policy::Anyone => "anyone",
            Policy::User => "user",
            Policy::Member => "community-member",
            Policy::CommunityAdmin => "community-admin",
            Policy::PlatformAdmin => "platform-admin",
        }
    }
}

/// What is known of the person asking, for this request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Actor {
    pub user_id: String,
    pub platform_admin: bool,
    /// Their active role in the community the path names, if any.
    pub community_role: Option<Role>,
}

/// Does the community named in the path exist? (`None` when the path names none.)
pub type CommunityExists = Option<bool>;

pub fn decide(policy: Policy, actor: Option<&Actor>, community: CommunityExists) -> Result<(), ApiError> {
    if policy == Policy::Anyone {
        return if community == Some(false) { Err(ApiError::not_found()) } else { Ok(()) };
    }
    // Anonymous callers learn nothing about which ids exist.
    let Some(actor) = actor else { return Err(ApiError::unauthenticated()) };
    if community == Some(false) {
        return Err(ApiError::not_found());
    }
    let allowed = match policy {
        Policy::Anyone | Policy::User => true,
        Policy::Member => actor.platform_admin || actor.community_role.is_some(),
        Policy::CommunityAdmin => actor.platform_admin || actor.community_role == Some(Role::Admin),
        Policy::PlatformAdmin => actor.platform_admin,
    };
    if allowed {
        Ok(())
    } else {
        Err(ApiError::forbidden())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(platform_admin: bool, role: Option<Role>) -> Actor {
        Actor { user_id: "u".into(), platform_admin, community_role: role }
    }

    #[test]
    fn matrix() {
        let anon = None;
        let user = actor(false, None);
        let member = actor(false, Some(Role::Member));
        let cadmin = actor(false, Some(Role::Admin));
        let padmin = actor(true, None);
        let status = |p, a: Option<&Actor>| decide(p, a, Some(true)).err().map(|e| e.status).unwrap_or(200);
        // rows: anon, user, member, community admin, platform admin
        let expected = [
            (Policy::Anyone, [200, 200, 200, 200, 200]),
            (Policy::User, [401, 200, 200, 200, 200]),
            (Policy::Member, [401, 403, 200, 200, 200]),
            (Policy::CommunityAdmin, [401, 403, 403, 200, 200]),
            (Policy::PlatformAdmin, [401, 403, 403, 403, 200]),
        ];
        for (policy, row) in expected {
            let got = [
                status(policy, anon),
                status(policy, Some(&user)),
                status(policy, Some(&member)),
                status(policy, Some(&cadmin)),
                status(policy, Some(&padmin)),
            ];
            assert_eq!(got, row, "{policy:?}");
        }
    }

    #[test]
    fn a_missing_community_is_404_for_anyone_signed_in_and_401_for_the_anonymous() {
        for p in [Policy::User, Policy::Member, Policy::CommunityAdmin, Policy::PlatformAdmin] {
            assert_eq!(decide(p, Some(&actor(true, None)), Some(false)).err().map(|e| e.status), Some(404));
            assert_eq!(decide(p, None, Some(false)).err().map(|e| e.status), Some(401));
        }
    }
}
