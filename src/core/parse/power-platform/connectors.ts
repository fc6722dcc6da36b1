/**
 * What the product knows about Power Platform connectors and operations: which calls are AI,
 * which write, which are approvals, which touch sensitive or financial systems.
 *
 * Connector ids are the last segment of `/providers/Microsoft.PowerApps/apis/<id>`
 * (reference/signals.md §3d). Operation names are matched by exact id where known and by
 * verb prefix otherwise; an operation nobody can classify is `unknown`, never `read`.
 */

export type Access = 'read' | 'write' | 'none' | 'unknown';
export type AiKind = 'ai-builder' | 'llm-api' | 'cognitive' | 'copilot' | 'mcp' | 'external-agent';

/** Connector id from an apiId / id like `/providers/Microsoft.PowerApps/apis/shared_sql`. */
export function connectorIdOf(apiId: string | undefined): string | undefined {
  if (!apiId) return undefined;
  const m = /\/apis\/([^/?#]+)/i.exec(apiId);
  if (m) return m[1].toLowerCase();
  if (/operationGroups\/aibuilder/i.test(apiId)) return 'aibuilder';
  return undefined;
}

/** Connectors whose use is an AI call in itself. */
export const AI_CONNECTORS: Record<string, AiKind> = {
  shared_azureopenai: 'llm-api',
  shared_openai: 'llm-api',
  shared_openaiip: 'llm-api',
  shared_cognitiveservicestextanalytics: 'cognitive',
  shared_cognitiveservicescomputervision: 'cognitive',
  shared_cognitiveservicescontentmoderator: 'cognitive',
  shared_formrecognizer: 'cognitive',
  shared_microsoftcopilotstudio: 'copilot',
  aibuilder: 'ai-builder',
};

/** Hosts of public LLM / AI APIs (an HTTP action calling one is an AI call). */
const AI_HOSTS: RegExp[] = [
  /(^|\.)api\.openai\.com$/i,
  /\.openai\.azure\.com$/i,
  /\.cognitiveservices\.azure\.com$/i,
  /\.services\.ai\.azure\.com$/i,
  /(^|\.)models\.inference\.ai\.azure\.com$/i,
  /(^|\.)api\.anthropic\.com$/i,
  /(^|\.)generativelanguage\.googleapis\.com$/i,
  /-aiplatform\.googleapis\.com$/i,
  /(^|\.)api\.mistral\.ai$/i,
  /(^|\.)api\.cohere\.(ai|com)$/i,
  /^bedrock-runtime\.[a-z0-9-]+\.amazonaws\.com$/i,
  /(^|\.)api-inference\.huggingface\.co$/i,
];

export function isAiHost(host: string | undefined): boolean {
  return !!host && AI_HOSTS.some((r) => r.test(host));
}

/** Host of a literal URL; undefined for an expression or a relative path. */
export function hostOf(uri: string | undefined): string | undefined {
  if (!uri) return undefined;
  const m = /^\s*https?:\/\/([^/:?#@\s]+)/i.exec(uri);
  return m ? m[1].toLowerCase() : undefined;
}

export function aiKindOf(connector: string | undefined, operationId: string | undefined): AiKind | undefined {
  if (operationId && /^aibuilderpredict_/i.test(operationId)) return 'ai-builder';
  if (connector && AI_CONNECTORS[connector]) return AI_CONNECTORS[connector];
  return undefined;
}

/** Exact operation classifications that a verb prefix would get wrong. */
const OPERATION_ACCESS: Record<string, Access> = {
  // Dataverse
  'shared_commondataserviceforapps:ListRecords': 'read',
  'shared_commondataserviceforapps:ListRecordsWithOrganization': 'read',
  'shared_commondataserviceforapps:GetItem': 'read',
  'shared_commondataserviceforapps:GetItemWithOrganization': 'read',
  'shared_commondataserviceforapps:PerformBoundAction': 'write',
  'shared_commondataserviceforapps:PerformUnboundAction': 'write',
  'shared_commondataserviceforapps:PerformUnboundActionWithOrganization': 'write',
  'shared_commondataserviceforapps:AssociateEntities': 'write',
  'shared_commondataserviceforapps:DisassociateEntities': 'write',
  'shared_commondataserviceforapps:UpdateOnlyRecord': 'write',
  'shared_commondataserviceforapps:SubscribeWebhookTrigger': 'none',
  // SQL
  'shared_sql:ExecutePassThroughNativeQuery_V2': 'write',
  'shared_sql:ExecuteProcedure_V2': 'write',
  // Desktop flows act on machines
  'shared_uiflow:RunUIFlow_V2': 'write',
  // Key Vault reads secrets (privileged read)
  'shared_keyvault:GetSecret': 'read',
  'shared_keyvault:GetSecretVersion': 'read',
  // Approvals are their own thing
  'shared_approvals:StartAndWaitForAnApproval': 'none',
  'shared_approvals:CreateAnApproval': 'none',
  'shared_approvals:WaitForAnApproval': 'none',
  // Fin & Ops actions run business logic
  'shared_dynamicsax:ExecuteAction': 'write',
};

const WRITE_VERBS =
  /^(post|create|add|insert|update|patch|put|delete|remove|send|reply|forward|set|upsert|execute|run|start|invoke|move|copy|upload|assign|grant|revoke|cancel|submit|modify|approve|reject|publish|write|share|flag|mark|archive|restore|reset|enable|disable|apply|book|pay|post_)/i;
const READ_VERBS = /^(get|list|read|search|find|query|retrieve|download|lookup|check|export|fetch|describe|select|count|on|when|subscribe)/i;

export function accessOf(connector: string | undefined, operationId: string | undefined): Access {
  if (!operationId) return 'unknown';
  const exact = OPERATION_ACCESS[`${connector}:${operationId}`];
  if (exact) return exact;
  if (/^aibuilderpredict_/i.test(operationId)) return 'read';
  if (connector && AI_CONNECTORS[connector]) return 'read';
  if (WRITE_VERBS.test(operationId)) return 'write';
  if (READ_VERBS.test(operationId)) return 'read';
  return 'unknown';
}

export function accessOfHttpMethod(method: string | undefined): Access {
  if (!method) return 'unknown';
  const m = method.toUpperCase();
  if (m === 'GET' || m === 'HEAD' || m === 'OPTIONS') return 'read';
  if (['POST', 'PUT', 'PATCH', 'DELETE', 'MERGE'].includes(m)) return 'write';
  return 'unknown';
}

export function isApprovalGate(connector: string | undefined, operationId: string | undefined): boolean {
  return connector === 'shared_approvals' && /^(StartAndWaitForAnApproval|WaitForAnApproval)/i.test(operationId ?? '');
}

/** Connectors whose write access counts as privileged (integrationPrivilege high). */
export const PRIVILEGED_CONNECTORS: Record<string, string> = {
  shared_sql: 'SQL Server',
  shared_commondataserviceforapps: 'Microsoft Dataverse',
  shared_commondataservice: 'Dataverse (legacy)',
  shared_dynamicscrmonline: 'Dynamics 365',
  shared_dynamicsax: 'Dynamics 365 Finance & Operations / Human Resources',
  shared_dynamicssmbsaas: 'Dynamics 365 Business Central',
  shared_arm: 'Azure Resource Manager',
  shared_azuread: 'Microsoft Entra ID',
  shared_keyvault: 'Azure Key Vault',
  shared_office365: 'Office 365 Outlook',
  shared_sendmail: 'Mail',
  shared_smtp: 'SMTP',
  shared_gmail: 'Gmail',
  shared_webcontents: 'HTTP with Microsoft Entra ID',
  shared_powerplatformforadmins: 'Power Platform for Admins',
  shared_powerappsforadmins: 'Power Apps for Admins',
  shared_flowmanagement: 'Power Automate Management',
  shared_microsoftflowforadmins: 'Power Automate for Admins',
  shared_powerplatformadminv2: 'Power Platform admin',
  shared_uiflow: 'Desktop flows',
  shared_salesforce: 'Salesforce',
  shared_servicenow: 'ServiceNow',
  shared_sap: 'SAP ERP',
  shared_saperp: 'SAP ERP',
};

/** Connectors that reach systems whose changes have financial effect (ERP, payroll, payments). */
export const FINANCIAL_CONNECTORS: Record<string, string> = {
  shared_dynamicsax: 'Dynamics 365 Finance & Operations / Human Resources (ERP and payroll)',
  shared_dynamicssmbsaas: 'Dynamics 365 Business Central (ERP)',
  shared_sap: 'SAP ERP',
  shared_saperp: 'SAP ERP',
  shared_quickbooks: 'QuickBooks Online',
  shared_xero: 'Xero',
  shared_stripe: 'Stripe payments',
  shared_paypal: 'PayPal',
  shared_netsuite: 'NetSuite ERP',
  shared_adp: 'ADP payroll',
};

/** Connectors that hold HR or payroll data by nature (dataSensitivity medium at least). */
export const SENSITIVE_CONNECTORS: Record<string, string> = {
  shared_dynamicsax: 'Dynamics 365 Finance & Operations / Human Resources',
  shared_adp: 'ADP payroll',
  shared_workday: 'Workday HR',
  shared_successfactors: 'SAP SuccessFactors HR',
};

/** Connectors that hold business data (dataSensitivity medium when used). */
export const BUSINESS_DATA_CONNECTORS: Record<string, string> = {
  shared_commondataserviceforapps: 'Microsoft Dataverse',
  shared_commondataservice: 'Dataverse (legacy)',
  shared_sharepointonline: 'SharePoint',
  shared_onedriveforbusiness: 'OneDrive for Business',
  shared_excelonlinebusiness: 'Excel Online (Business)',
  shared_sql: 'SQL Server',
  shared_dynamicscrmonline: 'Dynamics 365',
  shared_salesforce: 'Salesforce',
  shared_office365: 'Office 365 Outlook',
  shared_office365users: 'Office 365 Users',
  shared_azureblob: 'Azure Blob Storage',
};

/**
 * Words in table / list / entity names that mark regulated data (health, government ids,
 * payment cards, bank accounts): dataSensitivity high.
 */
export const REGULATED_NAME = /(patient|medical|health|diagnos|clinical|prescription|insurance.?claim|ssn\b|social.?security|national.?id|passport|credit.?card|card.?number|iban|bank.?account)/i;

/**
 * Words that mark confidential business data (HR, payroll, finance): dataSensitivity medium.
 * The playbook's worked example (an automated payroll flow writing to Dynamics 365 HR) has
 * exactly three High modifiers — autonomy, integration privilege and financial effect — so
 * HR and payroll data by themselves do not rate High here; regulated categories do.
 */
export const CONFIDENTIAL_NAME = /(payroll|salar(y|ies)|compensation|remuneration|wage|payslip|paycheck|bonus|\bhr\b|^hr|hr_|_hr\b|human.?resource|employee|worker|personnel|staff|benefit|pension|tax|payment|invoice|ledger|journal|finance|financial)/i;

/** Either of the two. */
export const SENSITIVE_NAME = new RegExp(`${REGULATED_NAME.source}|${CONFIDENTIAL_NAME.source}`, 'i');

/** Words in names that mark a financial effect when written (payments, postings, payroll changes). */
export const FINANCIAL_NAME = /(payroll|salar(y|ies)|compensation|wage|payslip|bonus|payment|pay.?run|refund|transfer|invoice|ledger|journal|posting|vendor.?pay|bank.?account|iban|purchase.?order|credit.?note|disburse)/i;
