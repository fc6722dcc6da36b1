// An edit's diagnostics come back quickly: debounce, then the worker's re-analysis.
import * as assert from 'node:assert/strict';
import { api, closeAll, figure, median, terraformFinding, uriOf } from './helpers';
import { editRoundTrips } from './scale-helpers';

describe('editing speed', function () {
  this.timeout(120000);
  afterEach(closeAll);

  it('an edit gets its diagnostics back quickly (debounce + worker round trip)', async () => {
    const x = await api();
    const f = terraformFinding(x);
    const times = await editRoundTrips(uriOf(f.file), 3);
    figure(`edit → diagnostics ms, examples/${f.file} (median of ${times.length}, incl. ${150} ms debounce)`, median(times));
    figure('edit → diagnostics ms, max', Math.max(...times));
    figure('edit queued → delta applied in the host ms (last)', x.controller.stats.lastUpdateMs);
    assert.ok(median(times) < 5000, `median ${median(times)} ms`);
    assert.ok(x.controller.stats.lastUpdateMs > 0);
  });
});

