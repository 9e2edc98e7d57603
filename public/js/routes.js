// The route table: which page each address shows, and whether it needs a session. The log-in's pages come with the
// shell; every other page's code is loaded when first opened (lazy).
import { h } from './dom.js';
import { t } from './i18n.js';
import { state } from './session.js';
import { lazy } from './router.js';
import * as auth from './pages/auth.js';

const ID = '([0-9a-f]{28})';

async function adminPage(ctx) {
  if (!state.me.user.platform_admin) {
    ctx.heading(t('forbidden.title'));
    ctx.root.append(h('p', null, t('forbidden.text')));
    return;
  }
  const mod = await import('./admin.js');
  return mod.page(ctx);
}

// [pattern, page, needs a session, drawn even while whether someone is logged in is not known (offline)]
export const routes = [
  [/^\/$/, auth.home, false],
  [/^\/signup$/, auth.signup, false],
  [/^\/verify$/, auth.verify, false],
  [/^\/login$/, auth.login, false],
  [/^\/forgot$/, auth.forgot, false],
  [/^\/reset$/, auth.reset, false],
  [/^\/confirm-email$/, auth.confirmEmail, false],
  // An organisation's contact answers an evaluation form through their one-time link: no account, no session; kept
  // on their device, it opens offline too.
  [/^\/evaluate$/, lazy('pages/evaluate', 'page'), false, true],
  // A digest's link to stop digests: it asks first (a link scanner's visit stops nothing).
  [/^\/unsubscribe$/, lazy('pages/digest', 'unsubscribe'), false],
  // A developer's machine only (the server answers 404 anywhere else).
  [/^\/mailbox$/, lazy('pages/mailbox', 'mailbox'), false],
  // The accessibility statement.
  [/^\/accessibility$/, lazy('pages/about', 'accessibility'), false],
  // The members' pages: loaded on demand, so that the first visit (logged out) carries only the log-in's code.
  [/^\/profile$/, lazy('pages/profile', 'myProfile'), true],
  [/^\/account$/, lazy('pages/account', 'page'), true],
  // My data (#14): a copy of it, and deleting my account (the export's e-mail links here).
  [/^\/account\/data$/, lazy('pages/data', 'page'), true],
  [/^\/communities$/, lazy('pages/communities', 'directory'), true],
  [new RegExp(`^/communities/${ID}$`), lazy('pages/communities', 'home'), true],
  [new RegExp(`^/users/${ID}$`), lazy('pages/profile', 'userProfile'), true],
  // The platform's usage report (platform admins; the server refuses anyone else).
  [/^\/admin\/usage(?:\/(features|requests|outcomes))?$/, lazy('community/usage', 'platform'), true],
  [/^\/admin(?:\/(users|communities|outbox|audit))?$/, adminPage, true],
  // Mentoring: loaded on demand.
  [/^\/notifications$/, lazy('mentoring/dashboard', 'notifications'), true],
  // How each topic reaches me (e-mail at once, my digest, only here) and my digest's schedule.
  [/^\/notifications\/settings$/, lazy('pages/digest', 'settings'), true],
  [/^\/messages$/, lazy('mentoring/messages', 'inbox'), true],
  [new RegExp(`^/messages/${ID}$`), lazy('mentoring/messages', 'thread'), true],
  [new RegExp(`^/communities/${ID}/roll$`), lazy('mentoring/roll', 'roll'), true],
  [new RegExp(`^/communities/${ID}/request$`), lazy('mentoring/project', 'newRequest'), true],
  [new RegExp(`^/communities/${ID}/matching$`), lazy('mentoring/project', 'matching'), true],
  [new RegExp(`^/communities/${ID}/group$`), lazy('mentoring/project', 'newGroup'), true],
  [new RegExp(`^/communities/${ID}/journeys$`), lazy('mentoring/journeys', 'page'), true],
  // Its admins' "Needs attention" queue: the active projects by health and stage, those at risk, those on hold.
  [new RegExp(`^/communities/${ID}/attention$`), lazy('mentoring/attention', 'page'), true],
  // Its admins' evaluations: figures per audience, anonymous answers as totals over five, the forms and their editor.
  [new RegExp(`^/communities/${ID}/evaluations$`), lazy('mentoring/community-evaluations', 'page'), true],
  // Its usage report (its admins): participation, each feature's adoption, the request funnel, outcomes.
  [new RegExp(`^/communities/${ID}/usage(?:/(features|requests|outcomes))?$`), lazy('community/usage', 'page'), true],
  // Its discussion rooms (#13): the rooms a member reads, a room's threads, a thread, the reports to review.
  [new RegExp(`^/communities/${ID}/rooms$`), lazy('community/rooms', 'rooms'), true],
  [new RegExp(`^/communities/${ID}/rooms/reports$`), lazy('community/rooms', 'reports'), true],
  [new RegExp(`^/communities/${ID}/rooms/(everyone|mentors|mentees|coordinators)$`), lazy('community/rooms', 'room'), true],
  [new RegExp(`^/communities/${ID}/rooms/(everyone|mentors|mentees|coordinators)/threads/${ID}$`), lazy('community/rooms', 'thread'), true],
  // The platform's library (its admins curate it; everyone reads what it publishes).
  [/^\/library$/, lazy('community/library', 'platformShelf'), true],
  [/^\/library\/new$/, lazy('community/library', 'platformForm'), true],
  [new RegExp(`^/library/${ID}$`), lazy('community/library', 'platformItem'), true],
  [new RegExp(`^/library/${ID}/edit$`), lazy('community/library', 'platformForm'), true],
  // A community's library (#13): the shelf (with the platform's), proposing or changing an item, an item.
  [new RegExp(`^/communities/${ID}/library$`), lazy('community/library', 'shelf'), true],
  [new RegExp(`^/communities/${ID}/library/new$`), lazy('community/library', 'form'), true],
  [new RegExp(`^/communities/${ID}/library/${ID}$`), lazy('community/library', 'item'), true],
  [new RegExp(`^/communities/${ID}/library/${ID}/edit$`), lazy('community/library', 'form'), true],
  [new RegExp(`^/projects/${ID}/library$`), lazy('community/library', 'project'), true],
  // A request's page; once a project is (or was) active, its workspace's overview, and each section at its address.
  [new RegExp(`^/projects/${ID}$`), lazy('mentoring/project', 'project'), true],
  [new RegExp(`^/projects/${ID}/(chat|plan|goals|contract|messages|people)$`), lazy('mentoring/workspace', 'section'), true],
  // A session of the plan, with its diary.
  [new RegExp(`^/projects/${ID}/plan/${ID}$`), lazy('mentoring/plan', 'sessionPage'), true],
  [new RegExp(`^/projects/${ID}/contract/print$`), lazy('mentoring/contract', 'print'), true],
  // The final report (assembled, approved, made final, shared with the coordinator) and its printable page.
  [new RegExp(`^/projects/${ID}/report$`), lazy('mentoring/report', 'page'), true],
  [new RegExp(`^/projects/${ID}/report/print$`), lazy('mentoring/report', 'print'), true],
  // The oversight panel: the project in figures and dates only.
  [new RegExp(`^/projects/${ID}/oversight$`), lazy('mentoring/oversight', 'page'), true],
  // Its evaluations: the forms to answer, the answers one may read, who was asked; asking, for the admins.
  [new RegExp(`^/projects/${ID}/evaluations$`), lazy('mentoring/evaluations', 'page'), true],
  [new RegExp(`^/projects/${ID}/files$`), lazy('mentoring/files', 'folder'), true],
  // Break-glass access (#14): who asked to read what and why, the answers, the reads; reading through an open grant.
  [new RegExp(`^/projects/${ID}/access$`), lazy('mentoring/access', 'page'), true],
  [new RegExp(`^/projects/${ID}/access/${ID}/(chat|messages|folder|process)$`), lazy('mentoring/access', 'reader'), true],
  [new RegExp(`^/projects/${ID}/files/trash$`), lazy('mentoring/files', 'trash'), true],
];
