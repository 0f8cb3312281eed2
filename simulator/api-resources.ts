import type { ApiEndpoint } from './api-access';
import { jsonResult, withHeader, type RouteRequest, type RouteResult } from './simulator-http';

/**
 * A few Fortnox resources beyond company information (issue 8 item 8), so the local API's proxy is
 * tested on lists with paging, writes, errors and large bodies. Shapes follow Fortnox's classic
 * API: `MetaInformation` with `@TotalResources`, `@TotalPages`, `@CurrentPage`, `?page=&limit=`
 * (limit at most 500, default 100), and `ErrorInformation` on errors. Every answer carries a
 * load-balancer cookie so tests can check that the proxy drops `Set-Cookie`.
 */

/** The cookie every resource answer sets (the proxy must never pass it on). */
export const RESOURCE_COOKIE = 'AWSALB=simulator-balancer-cookie; Path=/; HttpOnly';
/** How many invoices each tenant has. */
export const INVOICES_PER_TENANT = 250;
/** How many customers each tenant starts with. */
export const CUSTOMERS_PER_TENANT = 120;
/** Size of every `/3/archive/{id}` file: several megabytes. */
export const ARCHIVE_FILE_BYTES = 6 * 1024 * 1024;

interface Customer {
  CustomerNumber: string;
  Name: string;
  OrganisationNumber: string;
}

function errorResult(status: number, message: string, code: number): RouteResult {
  return withHeader(jsonResult(status, { ErrorInformation: { error: 1, message, code } }), 'set-cookie', RESOURCE_COOKIE);
}

function ok(status: number, value: unknown): RouteResult {
  return withHeader(jsonResult(status, value), 'set-cookie', RESOURCE_COOKIE);
}

/** One page of `items` as Fortnox lists them, or a 400 for a bad `page`/`limit`. */
function page(request: RouteRequest, key: string, items: readonly unknown[]): RouteResult {
  const pageParam = request.url.searchParams.get('page') ?? '1';
  const limitParam = request.url.searchParams.get('limit') ?? '100';
  if (!/^[1-9][0-9]{0,5}$/.test(pageParam) || !/^[1-9][0-9]{0,2}$/.test(limitParam) || Number(limitParam) > 500) {
    return errorResult(400, 'Ogiltig parameter i sidhanteringen.', 2000588);
  }
  const current = Number(pageParam);
  const limit = Number(limitParam);
  const totalPages = Math.max(1, Math.ceil(items.length / limit));
  return ok(200, {
    MetaInformation: { '@TotalResources': items.length, '@TotalPages': totalPages, '@CurrentPage': current },
    [key]: items.slice((current - 1) * limit, current * limit),
  });
}

/** The part of the path after `/3/<name>/`, or '' for the collection itself. */
function idOf(request: RouteRequest, name: string): string {
  return request.url.pathname.slice(`/3/${name}`.length).replace(/^\//, '');
}

/** `/3/customers` (list, create) and `/3/customers/{CustomerNumber}`, per tenant, in memory. */
export function customersEndpoint(): ApiEndpoint {
  const byTenant = new Map<number, Customer[]>();
  const customersOf = (tenantId: number) => {
    let list = byTenant.get(tenantId);
    if (!list) {
      list = Array.from({ length: CUSTOMERS_PER_TENANT }, (_, i) => ({
        CustomerNumber: String(i + 1),
        Name: `Kund ${i + 1} AB`,
        OrganisationNumber: `556${String(i).padStart(3, '0')}-0000`,
      }));
      byTenant.set(tenantId, list);
    }
    return list;
  };
  return {
    name: 'customers/*',
    scope: 'customer',
    methods: ['GET', 'POST'],
    async handle(claims, request) {
      const customers = customersOf(claims.tenantId);
      const id = idOf(request, 'customers');
      if (request.method === 'POST') {
        if (id !== '') return errorResult(404, 'Kan inte hitta sökvägen.', 2000404);
        let name: unknown;
        try {
          name = (JSON.parse(await request.text()) as { Customer?: { Name?: unknown } }).Customer?.Name;
        } catch {
          name = undefined;
        }
        if (typeof name !== 'string' || name === '') return errorResult(400, 'Kunden måste ha ett namn.', 2000310);
        const customer = { CustomerNumber: String(customers.length + 1), Name: name, OrganisationNumber: '' };
        customers.push(customer);
        // Where the new customer can be read, on the API's own origin (the proxy rewrites it to its own path).
        return withHeader(ok(201, { Customer: customer }), 'location', new URL(`/3/customers/${customer.CustomerNumber}`, request.url).href);
      }
      if (id === '') return page(request, 'Customers', customers);
      const customer = customers.find((each) => each.CustomerNumber === id);
      return customer ? ok(200, { Customer: customer }) : errorResult(404, 'Kan inte hitta kunden.', 2000433);
    },
  };
}

/** A few bytes that start like a PDF: what `/3/invoices/{n}/preview` answers. */
export const INVOICE_PREVIEW_PDF = '%PDF-1.4\n% simulator invoice preview\n%%EOF\n';

/**
 * `GET /3/invoices` with paging, `GET /3/invoices/{n}`, and two of Fortnox's sub-resources that are
 * GET although only one of them just reads: `/preview` (a PDF to look at) and `/email` (sends the
 * invoice and marks it `Sent`, per tenant), so tests can see whether an action reached Fortnox.
 */
export function invoicesEndpoint(): ApiEndpoint {
  const invoices = Array.from({ length: INVOICES_PER_TENANT }, (_, i) => ({ DocumentNumber: String(i + 1), Total: (i + 1) * 100 }));
  const sent = new Set<string>();
  return {
    name: 'invoices/*',
    scope: 'invoice',
    handle(claims, request) {
      const id = idOf(request, 'invoices');
      if (id === '') return page(request, 'Invoices', invoices);
      const [number = '', action, ...rest] = id.split('/');
      const invoice = invoices.find((each) => each.DocumentNumber === number);
      if (!invoice || rest.length > 0) return errorResult(404, 'Kan inte hitta fakturan.', 2000434);
      const sentKey = `${claims.tenantId}:${number}`;
      if (action === undefined) return ok(200, { Invoice: { ...invoice, Sent: sent.has(sentKey) } });
      if (action === 'preview') return { status: 200, headers: { 'content-type': 'application/pdf', 'set-cookie': RESOURCE_COOKIE }, body: INVOICE_PREVIEW_PDF };
      if (action === 'email') {
        sent.add(sentKey);
        return ok(200, { Invoice: { ...invoice, Sent: true } });
      }
      return errorResult(404, 'Kan inte hitta sökvägen.', 2000404);
    },
  };
}

/** `GET /3/archive/{id}`: a file of `ARCHIVE_FILE_BYTES` bytes (a repeated line, so tests can check it). */
export function archiveEndpoint(): ApiEndpoint {
  const line = '0123456789abcdef'.repeat(4);
  const file = line.repeat(Math.ceil(ARCHIVE_FILE_BYTES / line.length)).slice(0, ARCHIVE_FILE_BYTES);
  return {
    name: 'archive/*',
    scope: 'archive',
    handle(_claims, request) {
      if (!/^[0-9a-f-]{1,64}$/.test(idOf(request, 'archive'))) return errorResult(404, 'Kan inte hitta filen.', 2000428);
      return {
        status: 200,
        headers: { 'content-type': 'application/octet-stream', 'set-cookie': RESOURCE_COOKIE },
        body: file,
      };
    },
  };
}
