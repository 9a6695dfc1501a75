/*
 * MySQL/MariaDB only: the text columns become MEDIUMTEXT (16 MB).
 *
 * knex's `text` is TEXT there, which holds 65,535 bytes: 20,000 characters of four-byte UTF-8
 * (what the API admits in a free-text field) are 80,000 bytes, and a history entry holds a
 * field's text before and after a change (JSON-escaped) in one column. PostgreSQL's and
 * SQLite's text has no such limit, so nothing changes there.
 */

/** Every text column: [table, column, nullable]. */
const TEXT_COLUMNS = [
  ['itsm_slas', 'description', true],
  ['itsm_slas', 'calendar', false],
  ['itsm_slas', 'targets', false],
  ['itsm_services', 'purpose', true],
  ['itsm_services', 'escalation_path', true],
  ['itsm_services', 'maintenance_window', true],
  ['itsm_changes', 'description', true],
  ['itsm_changes', 'risk_assessment', true],
  ['itsm_changes', 'implementation_plan', true],
  ['itsm_changes', 'rollback_plan', true],
  ['itsm_changes', 'test_plan', true],
  ['itsm_changes', 'review_notes', true],
  ['itsm_changes', 'rejection_reason', true],
  ['itsm_changes', 'deployment', true],
  ['itsm_changes', 'conflicts', true],
  ['itsm_change_approvals', 'comment', true],
  ['itsm_problems', 'description', true],
  ['itsm_problems', 'entity_refs', false],
  ['itsm_problems', 'root_cause', true],
  ['itsm_problems', 'known_error', true],
  ['itsm_incidents', 'description', true],
  ['itsm_incidents', 'resolution_notes', true],
  ['itsm_incidents', 'workaround', true],
  ['itsm_history', 'changes', false],
  ['itsm_history', 'comment', true],
];

function isMysql(knex) {
  const client = knex.client.config.client;
  return (
    knex.client.dialect === 'mysql' || client === 'mysql' || client === 'mysql2'
  );
}

async function setType(knex, type) {
  if (!isMysql(knex)) return;
  const tables = [...new Set(TEXT_COLUMNS.map(([table]) => table))];
  for (const table of tables) {
    const columns = TEXT_COLUMNS.filter(([t]) => t === table);
    const clauses = columns.map(
      ([, column, nullable]) =>
        `MODIFY \`${column}\` ${type} ${nullable ? 'NULL' : 'NOT NULL'}`,
    );
    await knex.raw(`ALTER TABLE \`${table}\` ${clauses.join(', ')}`);
  }
}

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await setType(knex, 'MEDIUMTEXT');
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await setType(knex, 'TEXT');
};
