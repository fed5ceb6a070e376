import { Module } from '@nestjs/common';
import { Mailer } from './mail';

/** The one SMTP transport invitations and loop messages go out through. */
@Module({ providers: [Mailer], exports: [Mailer] })
export class MailModule {}
