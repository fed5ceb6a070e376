import { createTransport } from 'nodemailer';
import { startSmtpServer, type TestSmtpServer } from './smtp';

describe('startSmtpServer', () => {
  let sut: TestSmtpServer;
  beforeEach(async () => {
    sut = await startSmtpServer({ refuseRecipients: (a) => a.startsWith('bounce@') });
  });
  afterEach(() => sut.close());

  const transport = () => createTransport({ host: sut.host, port: sut.port, secure: false, ignoreTLS: true });

  it('receives a message sent over SMTP and parses it', async () => {
    await transport().sendMail({
      from: 'loop@continuum.test',
      to: 'Ada <ada@example.test>',
      subject: 'Com’è andata?',
      text: 'Rispondi con un tocco',
      html: '<p>Rispondi con un tocco</p>',
    });
    const [m] = await sut.waitFor((x) => x.subject === 'Com’è andata?');
    expect(m).toMatchObject({
      envelopeFrom: 'loop@continuum.test',
      envelopeTo: ['ada@example.test'],
      to: ['ada@example.test'],
      text: 'Rispondi con un tocco',
    });
    expect(m.html).toContain('<p>Rispondi con un tocco</p>');
    expect(sut.to('ADA@example.test')).toHaveLength(1);
  });

  it('refuses a recipient with 550, as a hard bounce', async () => {
    await expect(
      transport().sendMail({
        from: 'loop@continuum.test',
        to: 'bounce@example.test',
        subject: 'x',
        text: 'x',
      }),
    ).rejects.toMatchObject({ responseCode: 550 });
    expect(sut.refused).toEqual(['bounce@example.test']);
    expect(sut.messages).toHaveLength(0);
  });

  it('refuses every session when told to', async () => {
    sut.setOptions({ refuseAll: true });
    await expect(
      transport().sendMail({ from: 'loop@continuum.test', to: 'ada@example.test', subject: 'x', text: 'x' }),
    ).rejects.toMatchObject({ responseCode: 421 });
  });
});
