// The demo data's people, communities and projects (demo/seed.sql), named once for every test and bench.
export const DEMO_PASSWORD = "demo-password-2026";
export const DEMO = {
  admin: "admin@tandem.test",
  coordinator: "coordinator@tandem.test",
  anna: "mentor.anna@tandem.test",
  bruno: "mentor.bruno@tandem.test",
  carla: "mentee.carla@tandem.test",
  dev: "mentee.dev@tandem.test",
};
/** Their user ids. */
export const USERS = {
  admin: "d00000000000000000000000000a",
  coordinator: "d00000000000000000000000000c",
  anna: "d000000000000000000000000a1a",
  bruno: "d000000000000000000000000b1b",
  carla: "d000000000000000000000000c1c",
  dev: "d000000000000000000000000d1d",
};
export const DEMO_COMMUNITY = "c00000000000000000000000000d";
export const ENGINEERS = "c00000000000000000000000000e";
export const PROJECTS = {
  /** Anna (mentor) and Carla (mentee), active. */
  annaCarla: "e0000000000000000000000a1c1c",
  /** Dev's request, waiting in the Demo Community's matching queue (model A). */
  devRequest: "e0000000000000000000000d1d1d",
};
