// The fake Microsoft Graph (Teams activity feed notifications) with its Entra client-credentials token endpoint.
export {
  ActivityNotificationBody,
  bodyProblem,
  renderTemplate,
  templatePlaceholders,
} from './activityBody.ts';
export {
  type DeliveredNotification,
  type FakeGraph,
  type FakeGraphApp,
  type FakeGraphOptions,
  GRAPH_SCOPE,
  type GraphCall,
  type InjectedGraphFailure,
  startFakeGraph,
} from './server.ts';
