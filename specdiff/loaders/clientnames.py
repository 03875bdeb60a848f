"""Client names: the name boto3 gives a service's client, from a model file's metadata.

botocore names a client after the folder its model sits in (``stepfunctions``, ``logs``),
and the model itself does not say it. A model file inside a botocore layout is named by
its folder (``loaders.botocore.layout_name``); a model file on its own is named by this
mapping: the serviceId, lowercased with spaces as hyphens (what botocore's
``ServiceId.hyphenize`` gives, right for most services), except for the serviceIds in
:data:`CLIENT_NAMES`, whose folder is named otherwise. The table was read from every
model of the botocore 1.29.0, 1.35.0, 1.36.0, 1.40.0 and 1.44.8 wheels (every API version,
not only the newest) by ``python bench/clientnames.py --table``, which also measures how
many services of a catalog a single file names as their folder does.
"""

from __future__ import annotations

from typing import Any

__all__ = ["CLIENT_NAMES", "client_name"]

#: serviceId -> client name, for every serviceId whose hyphenised form is not its folder name
CLIENT_NAMES: dict[str, str] = {
    'API Gateway': 'apigateway',
    'Alexa For Business': 'alexaforbusiness',
    'App Mesh': 'appmesh',
    'Application Auto Scaling': 'application-autoscaling',
    'Application Discovery Service': 'discovery',
    'Auto Scaling': 'autoscaling',
    'Auto Scaling Plans': 'autoscaling-plans',
    'CloudHSM V2': 'cloudhsmv2',
    'CloudSearch Domain': 'cloudsearchdomain',
    'CloudWatch Events': 'events',
    'CloudWatch Logs': 'logs',
    'Cognito Identity Provider': 'cognito-idp',
    'Config Service': 'config',
    'Cost Explorer': 'ce',
    'Cost and Usage Report Service': 'cur',
    'Data Pipeline': 'datapipeline',
    'Database Migration Service': 'dms',
    'Device Farm': 'devicefarm',
    'Direct Connect': 'directconnect',
    'Directory Service': 'ds',
    'Directory Service Data': 'ds-data',
    'DynamoDB Streams': 'dynamodbstreams',
    'Elastic Beanstalk': 'elasticbeanstalk',
    'Elastic Load Balancing': 'elb',
    'Elastic Load Balancing v2': 'elbv2',
    'Elastic Transcoder': 'elastictranscoder',
    'Elasticsearch Service': 'es',
    'EventBridge': 'events',
    'Global Accelerator': 'globalaccelerator',
    'IoT 1Click Devices Service': 'iot1click-devices',
    'IoT 1Click Projects': 'iot1click-projects',
    'IoT Data Plane': 'iot-data',
    'IoT Events': 'iotevents',
    'IoT Events Data': 'iotevents-data',
    'IoT Jobs Data Plane': 'iot-jobs-data',
    'IoT Wireless': 'iotwireless',
    'Kinesis Analytics': 'kinesisanalytics',
    'Kinesis Analytics V2': 'kinesisanalyticsv2',
    'Kinesis Video': 'kinesisvideo',
    'Lex Model Building Service': 'lex-models',
    'Lex Models V2': 'lexv2-models',
    'Lex Runtime Service': 'lex-runtime',
    'Lex Runtime V2': 'lexv2-runtime',
    'Machine Learning': 'machinelearning',
    'Marketplace Commerce Analytics': 'marketplacecommerceanalytics',
    'Marketplace Entitlement Service': 'marketplace-entitlement',
    'Marketplace Metering': 'meteringmarketplace',
    'Migration Hub': 'mgh',
    'Pinpoint SMS Voice': 'sms-voice',
    'Resource Groups Tagging API': 'resourcegroupstaggingapi',
    'Route 53': 'route53',
    'Route 53 Domains': 'route53domains',
    'S3 Control': 's3control',
    'SFN': 'stepfunctions',
    'Secrets Manager': 'secretsmanager',
    'ServerlessApplicationRepository': 'serverlessrepo',
    'Service Catalog': 'servicecatalog',
    'Service Catalog AppRegistry': 'servicecatalog-appregistry',
    'SimpleDB': 'sdb',
    'Storage Gateway': 'storagegateway',
}


def client_name(metadata: dict[str, Any], fallback: str = "") -> str:
    """The boto3 client name of a service, from its model's ``metadata``.

    The mapping for the serviceIds botocore names otherwise, else the serviceId
    hyphenised; models older than ``serviceId`` fall back on signingName, endpointPrefix.
    """
    service_id = metadata.get("serviceId")
    if isinstance(service_id, str) and service_id.strip():
        known = CLIENT_NAMES.get(service_id.strip())
        return known if known is not None else service_id.strip().lower().replace(" ", "-")
    for key in ("signingName", "endpointPrefix"):
        value = metadata.get(key)
        if isinstance(value, str) and value:
            return value.lower()
    return fallback
