/* coda_broken.pml - coda.pml with one deliberate mutation, which spin must reject
 * (CTest: model.spin_rejects_broken). The mutation: move_entry publishes the copy at
 * the destination as `pending` instead of `copy`, before the source is retired. For a
 * moment the one entry is claimable at two positions, so a run can call it at the
 * copy while a removal (or another run) claims it at the source: A1 (exactly once)
 * fails.
 */
#define BROKEN_COPY_PUBLISHED_PENDING
#include "coda.pml"
