import QRCode from 'qrcode';
import type { Actor } from '../../../http/actor.js';
import { notFound } from '../../../http/errors.js';
import { offsetOf, pageOf, type Page } from '../../../http/pagination.js';
import * as repo from '../repo.js';
import type { TicketListItem, TicketQuery, TicketView } from '../schemas.js';
import type { PublicKeyView } from '../signing.js';
import type { TicketsContext } from './context.js';
import { payloadOf, ticketListItem } from './views.js';

/** The signed-in customer's tickets, newest first; `orderId` narrows to one order. */
export async function listMyTickets(ctx: TicketsContext, actor: Actor, query: TicketQuery): Promise<Page<TicketListItem>> {
  const { rows, total } = await repo.listTicketsOfUser(ctx.db, actor.userId, query.orderId, query.pageSize, offsetOf(query));
  return pageOf(rows.map(ticketListItem), total, query);
}

/** One of the customer's tickets with its signed code and QR; another customer's reads as missing. */
export async function getMyTicket(ctx: TicketsContext, actor: Actor, ticketId: string): Promise<TicketView> {
  const row = await repo.findTicket(ctx.db, ticketId);
  if (!row || row.user_id !== actor.userId) throw notFound('Ticket');
  const code = ctx.signer.sign(payloadOf(row));
  // Medium error correction survives a scuffed screen and keeps the code at a size phones scan at arm's length.
  const qrSvg = await QRCode.toString(code, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { ...ticketListItem(row), code, qrSvg };
}

export const ticketPublicKey = (ctx: TicketsContext): PublicKeyView => ctx.signer.publicKey;
