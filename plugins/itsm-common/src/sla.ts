/**
 * Share of an SLA goal after which a running clock is "at risk": the backend records a
 * warning (and notifies) from here, the frontend colours the countdown from here.
 * @public
 */
export const SLA_WARNING_SHARE = 0.75;
