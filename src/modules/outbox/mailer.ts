import nodemailer from 'nodemailer'

export interface MailMessage {
  /** One or more addresses, comma-separated. */
  to: string
  subject: string
  text: string
}

/** Sends mail; the outbox decides what and when. */
export interface Mailer {
  send(message: MailMessage): Promise<void>
  close(): void
}

/**
 * An SMTP mailer from `SMTP_URL` (smtp://user:pass@host:port, smtps:// for TLS), or null when
 * none is configured: messages then stay in the outbox for people to read there.
 */
export function createMailer(opts: {
  smtpUrl?: string | undefined
  mailFrom?: string | undefined
}): Mailer | null {
  if (!opts.smtpUrl) return null
  const url = new URL(opts.smtpUrl)
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
    secure: url.protocol === 'smtps:',
    auth: url.username
      ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
      : undefined,
    // Never hang a request or the reminder run on a dead server.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  })
  const from = opts.mailFrom ?? 'Goldthread <goldthread@localhost>'
  return {
    async send(message) {
      await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text })
    },
    close: () => transport.close(),
  }
}
