import { expect } from '@open-wc/testing';
import { BOM, csvCell, toCsv } from './csv.js';

describe('csv', () => {
  it('starts with a UTF-8 BOM and ends rows with CRLF', () => {
    const csv = toCsv([
      ['页面', 'visitors'],
      ['/首页', 1200],
    ]);
    expect(csv.startsWith(BOM)).to.equal(true);
    expect(csv).to.equal('\uFEFF页面,visitors\r\n/首页,1200\r\n');
    // Encoded, the file starts with EF BB BF, which is what Excel looks for.
    expect(Array.from(new TextEncoder().encode(csv).slice(0, 3))).to.deep.equal([0xef, 0xbb, 0xbf]);
  });

  it('neutralises text cells starting with = + - @ (and tab / CR), but not numbers', () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).to.equal(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvCell('+1')).to.equal("'+1");
    expect(csvCell('-2+3')).to.equal("'-2+3");
    expect(csvCell('@SUM(A1)')).to.equal("'@SUM(A1)");
    expect(csvCell('\t=1')).to.equal("'\t=1");
    expect(csvCell(-5)).to.equal('-5');
    expect(csvCell('a=b')).to.equal('a=b');
  });

  it('quotes commas, quotes and line breaks, and leaves missing values empty', () => {
    expect(csvCell('a,b')).to.equal('"a,b"');
    expect(csvCell('say "hi"')).to.equal('"say ""hi"""');
    expect(csvCell('two\nlines')).to.equal('"two\nlines"');
    expect(csvCell(null)).to.equal('');
    expect(csvCell(undefined)).to.equal('');
    expect(csvCell(Number.NaN)).to.equal('');
  });
});
