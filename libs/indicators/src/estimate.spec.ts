import { addToCell, emptyCell, emptyProportion, type CellAggregate } from './aggregates';
import { estimateCell, estimateIndicator } from './estimate';
import { INDICATOR_IDS } from './definitions';

describe('estimateCell', () => {
  it('estimates every indicator of a cell, each tagged with its definition id', () => {
    let cell: CellAggregate = emptyCell();
    for (const score of [10, 9, 7, 3]) cell = addToCell(cell, 'nps/v1', score);
    for (const score of [5, 4, 2]) cell = addToCell(cell, 'csat/top2box-5/v1', score);
    for (const seconds of [30, 90]) cell = addToCell(cell, 'wait/mean-seconds/v1', seconds);
    cell = addToCell(cell, 'responses/count/v1', 4);

    const sut = estimateCell(cell);
    for (const id of INDICATOR_IDS) expect(sut[id].indicator).toBe(id);
    expect(sut['nps/v1']).toMatchObject({ n: 4, value: 25 }); // (2 − 1)/4
    expect(sut['csat/top2box-5/v1'].value).toBeCloseTo(200 / 3, 12);
    expect(sut['wait/mean-seconds/v1']).toMatchObject({ n: 2, value: 60 });
    expect(sut['wait/mean-seconds/v1'].se).toBeCloseTo(30, 12); // s = 42.43, s/√2 = 30
    expect(sut['responses/count/v1']).toMatchObject({ n: 4, value: 4, se: null, ci: null });
    expect(sut['hold/mean-seconds/v1']).toMatchObject({ n: 0, value: null });
  });
});

describe('estimateIndicator', () => {
  it('rejects a state of the wrong kind (e.g. from corrupt JSON)', () => {
    expect(() => estimateIndicator('nps/v1', emptyProportion() as never)).toThrow(RangeError);
  });
});
