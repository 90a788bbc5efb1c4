import type { RateableKind } from '@app/shared';

/**
 * Kinds in the shared enum whose modules are being built elsewhere (issues 11 and 12). Until the lead
 * registers an adapter for them (ratings.module.ts → `registerRateable`), POST /api/ratings answers
 * 409 RATING_KIND_NOT_AVAILABLE for them. What each adapter needs: see the module README.
 */
export const KINDS_AWAITING_ADAPTERS: readonly RateableKind[] = ['consultation', 'complaint'];
