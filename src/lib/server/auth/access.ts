// The server's entry to the shared access rules: re-exports what src/lib/access decides from
// the one roles table, so server modules keep importing `auth/access.ts`. It must never hold a
// rule or a role list of its own; edit src/lib/access/roles-table.ts instead.
export { accessPath, areaOf, can, canOpen, isAccountGatePath, isPublicPath, isRole, navigationFor, rolesFor } from '../../access/access-rules.ts';
export { ROLES, type Permission, type Role } from '../../access/roles-table.ts';
