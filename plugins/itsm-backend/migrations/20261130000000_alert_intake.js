/*
 * One row per alert key (the incident's external key without the `#<startsAt>` suffix): the
 * lock that serializes every delivery of the alert across replicas, and the answers already
 * given, so a retried notification is answered exactly as its first delivery was.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('itsm_alert_intake', table => {
    // `alertmanager:<fingerprint>` or `alert:<dedupKey>`, as in itsm_incidents.external_key.
    table.string('alert_key', 200).primary();
    // The incident the answers below refer to, at the version the intake left it; a write by
    // anyone else (another version) invalidates them.
    table.string('incident_id', 36);
    table.integer('incident_version');
    // JSON: { [notification fingerprint]: answer }, the latest few only.
    table.text('answers');
    table.string('updated_at', 24);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('itsm_alert_intake');
};
