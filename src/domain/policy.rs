//! Access policy: what each kind of route demands of the person asking. Routes name their policy in the route table
//! (`routes.rs`); the worker computes the facts once per request and asks `decide`.

use super::community::Role;
use super::error::ApiError;
use super::forum::{Audience, Standing};

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
    /// An active admin of the community named in the path, and nobody else (its projects' oversight: the "Needs
    /// attention" queue, evaluations): its members get 403; platform admins and everyone outside it 404, as for
    /// projects.
    CommunityStaff,
    /// Platform administrators only.
    PlatformAdmin,
    /// Someone the mentoring project named in the path is visible to: its members (and invitees), the mentor being
    /// asked, and the admins of its community. Nobody else, platform admins included: mentoring is private, and
    /// to everyone else the project answers 404, as if it did not exist.
    ProjectViewer,
    /// An active member of the project named in the path (its chat, folder and messages): not invitees, not the
    /// mentor still deciding, not community admins. Everyone else gets 404.
    ProjectMember,
    /// The project's process (contract, goals, plan, diary): its active members and its coordinator (who sees the
    /// contract's text, and of the rest only states, dates and counts). Everyone else gets 404.
    ProjectProcess,
    /// An admin of the project's community (changing its coordinator): other viewers get 403, outsiders 404.
    ProjectAdmin,
    /// An active member of the community named in the path, and nobody else (its discussion rooms): platform admins
    /// and everyone outside it get 404.
    CommunityInsider,
    /// Someone who reads the discussion room named in the path (`{room}`): its audience, worked out on this request,
    /// or an admin of its community (see `forum::access`). Everyone else gets 404.
    Room,
    /// The holder of the break-glass grant named in the path (`{grant}`), for this project, while it is open and
    /// opens this part, and while they are an admin of its community. Everyone else gets 404.
    Grant(super::grants::Scope),
}

impl Policy {
    pub fn as_str(self) -> &'static str {
        match self {
            Policy::Anyone => "anyone",
            Policy::User => "user",
            Policy::Member => "community-member",
            Policy::CommunityAdmin => "community-admin",
            Policy::CommunityStaff => "community-staff",
            Policy::PlatformAdmin => "platform-admin",
            Policy::ProjectViewer => "project-viewer",
            Policy::ProjectMember => "project-member",
            Policy::ProjectProcess => "project-process",
            Policy::ProjectAdmin => "project-admin",
            Policy::CommunityInsider => "community-insider",
            Policy::Room => "room",
            Policy::Grant(_) => "grant",
        }
    }
}

/// What is known of the person asking, for this request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Actor {
    pub user_id: String,
    /// A platform administrator whose session gave a second factor (only then are their powers on).
    pub platform_admin: bool,
    /// A platform administrator whose session did not give a second factor: they can only turn two-factor on.
    pub admin_needs_factor: bool,
    /// Their active role in the community the path names, if any.
    pub community_role: Option<Role>,
    /// Their relation to the project the path names, if any.
    pub project: ProjectRelation,
    pub display_name: String,
    /// What they are to the community the path names, for its discussion rooms.
    pub standing: Standing,
    /// The modules of the community the path names (or its project's): a route of one turned off is not there.
    pub modules: super::community::Modules,
}

/// How the person asking relates to the project the path names.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProjectRelation {
    /// An active or invited mentee.
    pub mentee: bool,
    /// The mentor being asked, or an active or invited mentor.
    pub mentor: bool,
    /// An admin of the project's community.
    pub community_admin: bool,
    /// An active member (mentor or mentee) of the project.
    pub member: bool,
    /// The project itself is active (its shared spaces can be written).
    pub active: bool,
    /// The project's coordinator (an active admin of its community).
    pub coordinator: bool,
    /// The parts of the project open to them now through the grant the path names (`grants::Scope::bit`).
    pub granted: u8,
}

impl ProjectRelation {
    pub fn any(self) -> bool {
        self.mentee || self.mentor || self.community_admin
    }
}

/// Does the community (or project) named in the path exist? (`None` when the path names none.)
pub type CommunityExists = Option<bool>;

pub fn decide(policy: Policy, actor: Option<&Actor>, community: CommunityExists) -> Result<(), ApiError> {
    decide_scoped(policy, actor, community, None, None)
}

/// `project`: whether the project named in the path exists (`None` when the path names none); `room`: the
/// discussion room the path names.
pub fn decide_scoped(
    policy: Policy,
    actor: Option<&Actor>,
    community: CommunityExists,
    project: Option<bool>,
    room: Option<Audience>,
) -> Result<(), ApiError> {
    if policy == Policy::Anyone {
        return if community == Some(false) { Err(ApiError::not_found()) } else { Ok(()) };
    }
    // Anonymous callers learn nothing about which ids exist.
    let Some(actor) = actor else { return Err(ApiError::unauthenticated()) };
    if community == Some(false) || project == Some(false) {
        return Err(ApiError::not_found());
    }
    let allowed = match policy {
        // Private: outsiders cannot tell it from a project that does not exist.
        Policy::ProjectViewer => return if actor.project.any() { Ok(()) } else { Err(ApiError::not_found()) },
        Policy::ProjectMember => return if actor.project.member { Ok(()) } else { Err(ApiError::not_found()) },
        Policy::ProjectProcess => {
            return if actor.project.member || actor.project.coordinator { Ok(()) } else { Err(ApiError::not_found()) }
        }
        Policy::ProjectAdmin if !actor.project.any() => return Err(ApiError::not_found()),
        Policy::ProjectAdmin => actor.project.community_admin,
        Policy::Anyone | Policy::User => true,
        Policy::Member => actor.platform_admin || actor.community_role.is_some(),
        Policy::CommunityAdmin => actor.platform_admin || actor.community_role == Some(Role::Admin),
        Policy::CommunityStaff if actor.community_role.is_none() => return Err(ApiError::not_found()),
        Policy::CommunityStaff => actor.community_role == Some(Role::Admin),
        Policy::PlatformAdmin if actor.admin_needs_factor => {
            return Err(ApiError::new(403, "two_factor_required", "Platform administration needs two-factor authentication: turn it on in your account, or log in again with your code."))
        }
        Policy::PlatformAdmin => actor.platform_admin,
        Policy::CommunityInsider => return if actor.standing.member { Ok(()) } else { Err(ApiError::not_found()) },
        Policy::Grant(scope) => {
            let open = actor.project.community_admin && actor.project.granted & scope.bit() != 0;
            return if open { Ok(()) } else { Err(ApiError::not_found()) };
        }
        Policy::Room => {
            let s = actor.standing;
            return if room.is_some_and(|r| s.in_audience(r) || (s.member && s.admin)) { Ok(()) } else { Err(ApiError::not_found()) };
        }
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
        let standing = Standing { member: role.is_some(), admin: role == Some(Role::Admin), ..Default::default() };
        Actor { user_id: "u".into(), platform_admin, admin_needs_factor: false, community_role: role, project: ProjectRelation::default(), display_name: String::new(), standing, modules: crate::domain::community::Modules::ALL_ON }
    }

    #[test]
    fn shared_spaces_are_for_active_members_only() {
        let admin = Actor { project: ProjectRelation { community_admin: true, ..Default::default() }, ..actor(true, None) };
        let asked = Actor { project: ProjectRelation { mentor: true, ..Default::default() }, ..actor(false, None) };
        let member = Actor { project: ProjectRelation { mentee: true, member: true, ..Default::default() }, ..actor(false, None) };
        let status = |a: &Actor| decide_scoped(Policy::ProjectMember, Some(a), None, Some(true), None).err().map(|e| e.status);
        assert_eq!(status(&admin), Some(404));
        assert_eq!(status(&asked), Some(404));
        assert_eq!(status(&member), None);
    }

    #[test]
    fn the_process_is_for_members_and_the_coordinator() {
        let coordinator = Actor { project: ProjectRelation { community_admin: true, coordinator: true, ..Default::default() }, ..actor(false, None) };
        let admin = Actor { project: ProjectRelation { community_admin: true, ..Default::default() }, ..actor(false, None) };
        let member = Actor { project: ProjectRelation { mentee: true, member: true, ..Default::default() }, ..actor(false, None) };
        let status = |p, a: &Actor| decide_scoped(p, Some(a), None, Some(true), None).err().map(|e| e.status);
        assert_eq!(status(Policy::ProjectProcess, &coordinator), None);
        assert_eq!(status(Policy::ProjectProcess, &member), None);
        assert_eq!(status(Policy::ProjectProcess, &admin), Some(404));
        assert_eq!(status(Policy::ProjectAdmin, &admin), None);
        assert_eq!(status(Policy::ProjectAdmin, &member), Some(403));
        assert_eq!(status(Policy::ProjectAdmin, &actor(true, None)), Some(404));
    }

    #[test]
    fn a_grant_opens_its_parts_to_an_admin_of_the_community_only() {
        use crate::domain::grants::Scope;
        let holder = |granted, community_admin| Actor { project: ProjectRelation { community_admin, granted, ..Default::default() }, ..actor(false, None) };
        let status = |scope, a: &Actor| decide_scoped(Policy::Grant(scope), Some(a), None, Some(true), None).err().map(|e| e.status);
        let chat_and_folder = Scope::Chat.bit() | Scope::Folder.bit();
        assert_eq!(status(Scope::Chat, &holder(chat_and_folder, true)), None);
        assert_eq!(status(Scope::Folder, &holder(chat_and_folder, true)), None);
        assert_eq!(status(Scope::Messages, &holder(chat_and_folder, true)), Some(404));
        // No longer an admin of the community: closed at once.
        assert_eq!(status(Scope::Chat, &holder(chat_and_folder, false)), Some(404));
        assert_eq!(status(Scope::Chat, &holder(0, true)), Some(404));
    }

    #[test]
    fn projects_are_private_even_from_platform_admins() {
        let outsider = actor(true, Some(Role::Admin));
        assert_eq!(decide_scoped(Policy::ProjectViewer, Some(&outsider), None, Some(true), None).err().map(|e| e.status), Some(404));
        assert_eq!(decide_scoped(Policy::ProjectViewer, Some(&outsider), None, Some(false), None).err().map(|e| e.status), Some(404));
        assert_eq!(decide_scoped(Policy::ProjectViewer, None, None, Some(true), None).err().map(|e| e.status), Some(401));
        for relation in [
            ProjectRelation { mentee: true, ..Default::default() },
            ProjectRelation { mentor: true, ..Default::default() },
            ProjectRelation { community_admin: true, ..Default::default() },
        ] {
            let a = Actor { project: relation, ..actor(false, None) };
            assert!(decide_scoped(Policy::ProjectViewer, Some(&a), None, Some(true), None).is_ok());
        }
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
        for p in [Policy::User, Policy::Member, Policy::CommunityAdmin, Policy::PlatformAdmin, Policy::ProjectViewer, Policy::ProjectMember, Policy::ProjectProcess, Policy::ProjectAdmin] {
            assert_eq!(decide(p, Some(&actor(true, None)), Some(false)).err().map(|e| e.status), Some(404));
            assert_eq!(decide(p, None, Some(false)).err().map(|e| e.status), Some(401));
        }
    }

    #[test]
    fn rooms_are_for_their_audience_and_the_community_admins() {
        let status = |a: &Actor, room: Option<Audience>| decide_scoped(Policy::Room, Some(a), Some(true), None, room).err().map(|e| e.status);
        let member = actor(false, Some(Role::Member));
        let mentor = Actor { standing: Standing { mentor: true, ..member.standing }, ..member.clone() };
        let admin = actor(false, Some(Role::Admin));
        let platform = actor(true, None);
        assert_eq!(status(&member, Some(Audience::Everyone)), None);
        assert_eq!(status(&member, Some(Audience::Mentors)), Some(404));
        assert_eq!(status(&mentor, Some(Audience::Mentors)), None);
        assert_eq!(status(&admin, Some(Audience::Mentees)), None);
        assert_eq!(status(&platform, Some(Audience::Everyone)), Some(404));
        assert_eq!(status(&member, None), Some(404));
        let insider = |a: &Actor| decide(Policy::CommunityInsider, Some(a), Some(true)).err().map(|e| e.status);
        assert_eq!((insider(&member), insider(&platform), insider(&actor(false, None))), (None, Some(404), Some(404)));
    }
}
