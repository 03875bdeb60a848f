"""A boto3 user's script, typed only by the installed specdiff stub distributions.

tests/stubs/test_boto3_usage.py runs mypy --strict on it: each line ending in "# E" is a
mistake mypy must flag, and no other line may be flagged. Never run: it would call AWS.
"""

from __future__ import annotations

import json
from typing import Any

import boto3
from boto3.session import Session
from botocore.exceptions import ClientError

s3 = boto3.client("s3", region_name="eu-west-1")
dynamodb = Session(profile_name="dev").client("dynamodb")
lambda_client = boto3.session.Session().client("lambda", region_name="eu-west-1")
bedrock = boto3.client("bedrock-runtime")
untyped = boto3.client("ec2")  # a service with no stubs installed: boto3's own, untyped


def object_keys(bucket: str, prefix: str) -> list[str]:
    keys: list[str] = []
    paginator = s3.get_paginator("list_objects_v2")
    for page in paginator.paginate(Bucket=bucket, Prefix=prefix, PaginationConfig={"PageSize": 100}):
        for item in page.get("Contents", []):
            keys.append(item["Key"])
        page["NextToken"]  # E
    s3.get_paginator("list_object_v2")  # E
    return keys


def read_settings(bucket: str, key: str) -> dict[str, Any]:
    try:
        response = s3.get_object(Bucket=bucket, Key=key)
    except s3.exceptions.NoSuchKey:
        return {}
    except s3.exceptions.NoSuchKeys:  # E
        return {}
    body: bytes = response["Body"].read()
    response["Body"].decode()  # E
    settings: dict[str, Any] = json.loads(body)
    return settings


def publish(bucket: str, path: str) -> str:
    s3.upload_file(path, bucket, "reports/latest.csv")
    s3.upload_file(path, bucket)  # E
    s3.put_object(Bucket=bucket, Key="notes.txt", Body="text is fine, botocore encodes it")
    s3.put_object(Bucket=bucket, Key="n.txt", Body=3)  # E
    s3.get_waiter("object_exists").wait(Bucket=bucket, Key="reports/latest.csv", WaiterConfig={"Delay": 5})
    s3.get_waiter("object_exist")  # E
    s3.get_waiter("bucket_exists").wait(Bucket=bucket, WaiterConfig={"Delay": "5s"})  # E
    url: str = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "r"}, ExpiresIn=3600)
    s3.generate_presigned_url("get_object", ExpiresIn="1h")  # E
    post = s3.generate_presigned_post(bucket, "uploads/x")
    return url + str(post["url"])


def remember(table: str, user_id: str, visits: int) -> int:
    dynamodb.put_item(TableName=table, Item={"pk": {"S": user_id}, "visits": {"N": str(visits)}})
    dynamodb.put_item(TableName=table, Item={"pk": {"S": user_id}, "visits": {"N": visits}})  # E
    dynamodb.put_item(TableName=table)  # E
    try:
        dynamodb.update_item(
            TableName=table,
            Key={"pk": {"S": user_id}},
            UpdateExpression="SET visits = visits + :one",
            ExpressionAttributeValues={":one": {"N": "1"}},
            ConditionExpression="attribute_exists(pk)",
        )
    except dynamodb.exceptions.ConditionalCheckFailedException as error:
        print(error.response["Error"]["Message"])
    except ClientError as error:
        print(error.operation_name)
    item = dynamodb.get_item(TableName=table, Key={"pk": {"S": user_id}}).get("Item", {})
    dynamodb.get_waiter("table_exists").wait(TableName=table)
    return int(item["visits"]["N"])


def invoke(name: str) -> Any:
    response = lambda_client.invoke(FunctionName=name, Payload=json.dumps({"ping": 1}))
    lambda_client.invoke(FunctionName=name, Payload={"ping": 1})  # E
    for function in lambda_client.get_paginator("list_functions").paginate():
        print(function["Functions"][0]["FunctionName"].upper())
    return json.loads(response["Payload"].read())


def ask(model: str, question: str) -> str:
    answer = ""
    schema: dict[str, Any] = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
    stream = bedrock.converse_stream(
        modelId=model,
        messages=[{"role": "user", "content": [{"text": question}]}],
        toolConfig={"tools": [{"toolSpec": {"name": "weather", "inputSchema": {"json": schema}}}]},
    )
    for event in stream["stream"]:
        if "contentBlockDelta" in event:
            answer += event["contentBlockDelta"]["delta"].get("text", "")
        event["contentBlockDelta"]["delta"]["text"] + 1  # E
    bedrock.converse(modelId=model, messages=[{"role": "user", "content": [{"text": question}]}], toolConfig={"tools": [{"toolSpec": {"name": "t", "inputSchema": {"json": {1, 2}}}}]})  # E
    untyped.describe_instances(Anything="goes")
    return answer
