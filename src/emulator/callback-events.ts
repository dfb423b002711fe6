/**
 * The events WeCom sends to a calendar-owning app's callback URL (WECOM.md 5; docs 93651, 97730-97732, 98111),
 * as the XML WeCom writes: the plaintext event, and the envelope around its ciphertext.
 */

export type CallbackEventName = 'modify_schedule' | 'delete_schedule' | 'respond_schedule' | 'modify_calendar' | 'delete_calendar';

export interface CallbackEvent {
  event: CallbackEventName;
  calId: string;
  /** Schedule events only. */
  scheduleId?: string;
  /** The member who acted in the WeCom app (for respond_schedule: the responder). */
  fromUserName: string;
}

/** The decrypted message: `<xml><ToUserName>…</ToUserName>…<ScheduleId>…</ScheduleId></xml>` with CDATA like WeCom's. */
export function eventXml(corpId: string, event: CallbackEvent, createTime: number): string {
  const fields = [
    `<ToUserName>${cdata(corpId)}</ToUserName>`,
    `<FromUserName>${cdata(event.fromUserName)}</FromUserName>`,
    `<CreateTime>${createTime}</CreateTime>`,
    `<MsgType>${cdata('event')}</MsgType>`,
    `<Event>${cdata(event.event)}</Event>`,
    `<CalId>${cdata(event.calId)}</CalId>`,
    ...(event.scheduleId === undefined ? [] : [`<ScheduleId>${cdata(event.scheduleId)}</ScheduleId>`]),
  ];
  return `<xml>${fields.join('')}</xml>`;
}

/** The POST body: `<xml><ToUserName/><AgentID/><Encrypt/></xml>` (doc 91144). */
export function envelopeXml(corpId: string, agentId: number | undefined, encrypted: string): string {
  const agent = agentId === undefined ? '' : String(agentId);
  return `<xml><ToUserName>${cdata(corpId)}</ToUserName><AgentID>${cdata(agent)}</AgentID><Encrypt>${cdata(encrypted)}</Encrypt></xml>`;
}

/** A CDATA section; a `]]>` inside the text is split across two sections, so no text can end it early. */
function cdata(text: string): string {
  return `<![CDATA[${text.split(']]>').join(']]]]><![CDATA[>')}]]>`;
}
